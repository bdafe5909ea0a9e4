using System;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Components described by a data file beside their payload: web resources (<c>WebResources/&lt;name&gt;</c> and
/// <c>&lt;name&gt;.data.xml</c>), processes and flows (<c>Workflows/&lt;file&gt;.xaml|json</c> and <c>.data.xml</c>),
/// plug-in assemblies (<c>PluginAssemblies/&lt;Asm&gt;-&lt;id&gt;/&lt;Asm&gt;.dll</c> and <c>.dll.data.xml</c>), PCF
/// controls (<c>Controls/&lt;name&gt;/ControlManifest.xml</c> and <c>.xml.data.xml</c>) and canvas apps
/// (<c>CanvasApps/&lt;name&gt;.meta.xml</c>, their .msapp and images where the zip has them). The payload's place in
/// the zip is what the data file's reference element says.
/// </summary>
internal sealed class DataFileLayout : ComponentLayout
{
    private readonly string _container;
    private readonly string _element;
    private readonly string _folder;
    private readonly string _suffix;
    private readonly string[] _references;
    private readonly Func<XElement, string?, string?> _unpackedPayload;
    private readonly Func<XElement, string?> _name;

    /// <param name="container">The top-level element of customizations.xml.</param>
    /// <param name="element">Each component's element and its data file's root.</param>
    /// <param name="folder">The folder of the unpacked layout.</param>
    /// <param name="suffix">The data file's suffix: ".data.xml" beside a payload, or ".meta.xml" for canvas apps.</param>
    /// <param name="references">Elements whose text is the payload's zip path (the first with a value is used).</param>
    /// <param name="unpackedPayload">Where the payload goes in the folder, given the component and its zip path; null to leave it where the zip has it.</param>
    /// <param name="name">What names the data file when the payload does not.</param>
    public DataFileLayout(string container, string element, string folder, string suffix, string[] references, Func<XElement, string?, string?> unpackedPayload, Func<XElement, string?> name)
    {
        _container = container;
        _element = element;
        _folder = folder;
        _suffix = suffix;
        _references = references;
        _unpackedPayload = unpackedPayload;
        _name = name;
    }

    public override void Unpack(UnpackContext context)
    {
        if (context.ComponentContainer(_container, _element) is not { } container)
        {
            return;
        }

        foreach (var component in container.Elements())
        {
            var zipPath = Reference(component);
            var payload = zipPath == null ? null : _unpackedPayload(component, zipPath);
            string stem;
            if (payload != null && SafeNames.IsSafePath(payload) && payload.StartsWith(_folder + "/", StringComparison.Ordinal) && context.Packed.Contains(zipPath!)
                && !context.Moved.Contains(zipPath!) && !context.Output.Contains(payload) && !context.Output.Contains(payload + _suffix) && !UnpackedFolder.LooksLikeTwin(payload + _suffix))
            {
                context.Move(zipPath!, payload);
                stem = payload;
            }
            else
            {
                stem = Unique(context.Output, _folder + "/" + SafeNames.Segment(_name(component), _element.ToLowerInvariant()), _suffix, candidate => !context.Output.Contains(candidate));
            }

            context.Output.Add(stem + _suffix, UnpackedFolder.Serialise(FileRoot(component)));
        }

        container.RemoveNodes();
    }

    public override void Pack(PackContext context)
    {
        var files = context.Source.Find(_folder, rel => rel.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
            // A payload that happens to end in the suffix (a web resource named "x.data.xml") is not a data file.
            .Where(f => !context.Source.Contains(f + _suffix))
            .ToList();
        var components = new System.Collections.Generic.List<XElement>();
        foreach (var file in files)
        {
            var component = Expect(context.ReadXml(file), _element, context.Source, file);
            components.Add(component);
            var payload = file[..^_suffix.Length];
            var zipPath = Reference(component);
            if (_suffix == ".data.xml" && zipPath != null && context.Source.Contains(payload) && !context.Packed.Contains(zipPath))
            {
                context.Packed.Write(zipPath, context.Source.TakeExact(payload));
            }
        }

        context.Fill(_container, components);
    }

    private string? Reference(XElement component)
        => _references.Select(r => component.Element(r)?.Value.Trim().TrimStart('/')).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
