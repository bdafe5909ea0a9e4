using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// How one kind of component sits in SolutionPackager's unpacked layout (Learn, "Solution component file reference
/// (SolutionPackager)"; solution-format.md §2): <see cref="Unpack"/> moves it out of customizations.xml into its files,
/// <see cref="Pack"/> puts it back. A kind only moves components whose shape it can rebuild exactly; anything else stays
/// in Other/Customizations.xml, which is always lossless.
/// </summary>
internal abstract class ComponentLayout
{
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public abstract void Unpack(UnpackContext context);

    public abstract void Pack(PackContext context);

    /// <summary>A component as the root of its own file: a copy declaring xsi, as SolutionPackager writes them.</summary>
    protected static XElement FileRoot(XElement element)
    {
        var copy = new XElement(element);
        if (copy.Attribute(XNamespace.Xmlns + "xsi") == null)
        {
            copy.Add(new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName));
        }

        return copy;
    }

    /// <summary>A root element read back from its file must be the component it holds.</summary>
    protected static XElement Expect(XElement root, string element, UnpackedFolder source, string path)
        => root.Name.LocalName == element ? root : throw new SolutionFormatException(source.Description, path, "its root element is <" + root.Name.LocalName + ">, where this folder holds <" + element + "> files");

    /// <summary>Text of a child element, trimmed, or null.</summary>
    protected static string? Text(XElement element, string child) => element.Element(child)?.Value.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>A stem whose file (stem + suffix) is not yet taken in the output: <paramref name="stem"/>, else it with "~2", "~3" ….</summary>
    protected static string Unique(UnpackedFolder output, string stem, string suffix, Func<string, bool>? alsoFree = null)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? stem : stem + "~" + n;
            // A name ending in "_managed" would be read back as another component's managed twin.
            if (!output.Contains(candidate + suffix) && !UnpackedFolder.LooksLikeTwin(candidate + suffix) && (alsoFree == null || alsoFree(candidate)))
            {
                return candidate;
            }
        }
    }
}

/// <summary>What unpacking works on: the packed files, the customizations.xml being emptied, and the folder being written.</summary>
internal sealed class UnpackContext
{
    public UnpackContext(PackageFiles packed, XElement customizations, UnpackedFolder output)
    {
        Packed = packed;
        Customizations = customizations;
        Output = output;
    }

    public PackageFiles Packed { get; }

    public XElement Customizations { get; }

    public UnpackedFolder Output { get; }

    /// <summary>Zip paths whose content a layout has placed elsewhere in the folder (the rest are copied as they are).</summary>
    public HashSet<string> Moved { get; } = new(StringComparer.Ordinal);

    public XElement? Container(string name) => Customizations.Element(name);

    /// <summary>
    /// The container when it holds components and every child is a <paramref name="element"/>; null when it holds
    /// none, or when a child is something else (the layout then leaves the container in Customizations.xml).
    /// </summary>
    public XElement? ComponentContainer(string container, string element)
        => Container(container) is { HasElements: true } found && found.Elements().All(e => e.Name.LocalName == element) ? found : null;

    /// <summary>Moves a packed file to <paramref name="target"/> in the folder; false when the zip has no such file.</summary>
    public bool Move(string zipPath, string target)
    {
        var path = zipPath.TrimStart('/');
        if (!Packed.Contains(path) || Moved.Contains(path))
        {
            return false;
        }

        Output.Add(target, Packed.Read(path));
        Moved.Add(path);
        return true;
    }
}

/// <summary>What packing works on: the unpacked folder, the customizations.xml being filled, and the packed files.</summary>
internal sealed class PackContext
{
    public PackContext(UnpackedFolder source, XElement customizations, PackageFiles packed, bool managed, PackageLimits limits)
    {
        Source = source;
        Customizations = customizations;
        Packed = packed;
        Managed = managed;
        Limits = limits;
    }

    public UnpackedFolder Source { get; }

    public XElement Customizations { get; }

    public PackageFiles Packed { get; }

    public bool Managed { get; }

    public PackageLimits Limits { get; }

    public XElement ReadXml(string path) => Source.TakeXml(path, Managed, Limits);

    /// <summary>
    /// Adds components to a top-level container (created in schema order if the skeleton lacks it), after any the
    /// skeleton already holds inline, so nothing written by hand in Other/Customizations.xml is lost.
    /// </summary>
    public void Fill(string container, IEnumerable<XElement> components)
    {
        var list = components.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var element = UnpackedLayout.Container(Customizations, container);
        foreach (var component in list)
        {
            element.Add(ForPackage(component));
        }
    }

    /// <summary>A file's root as a child of customizations.xml: namespace declarations the document already makes are dropped.</summary>
    public XElement ForPackage(XElement component)
    {
        var declared = Customizations.Attributes().Where(a => a.IsNamespaceDeclaration).Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var attribute in component.Attributes().Where(a => a.IsNamespaceDeclaration && declared.Contains(a.Value)).ToList())
        {
            attribute.Remove();
        }

        return component;
    }
}
