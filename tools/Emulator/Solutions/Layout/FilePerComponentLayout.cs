using System;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Components kept one per file: flat (<c>Roles/&lt;name&gt;.xml</c>, <c>OptionSets/&lt;name&gt;.xml</c>,
/// <c>Dashboards/{id}.xml</c>, <c>SdkMessageProcessingSteps/{id}.xml</c>) or in a folder of their own
/// (<c>AppModules/&lt;unique name&gt;/AppModule.xml</c>, <c>AppModuleSiteMaps/&lt;unique name&gt;/AppModuleSiteMap.xml</c>).
/// </summary>
internal sealed class FilePerComponentLayout : ComponentLayout
{
    private readonly string _container;
    private readonly string _element;
    private readonly string _folder;
    private readonly Func<XElement, string?> _name;
    private readonly string? _fileInFolder;

    /// <param name="container">The top-level element of customizations.xml.</param>
    /// <param name="element">Each component's element, which is also its file's root.</param>
    /// <param name="folder">The folder of the unpacked layout.</param>
    /// <param name="name">What names the file (or the component's folder).</param>
    /// <param name="fileInFolder">The file's fixed name when each component has a folder of its own; null for flat files.</param>
    public FilePerComponentLayout(string container, string element, string folder, Func<XElement, string?> name, string? fileInFolder = null)
    {
        _container = container;
        _element = element;
        _folder = folder;
        _name = name;
        _fileInFolder = fileInFolder;
    }

    public override void Unpack(UnpackContext context)
    {
        if (context.ComponentContainer(_container, _element) is not { } container)
        {
            return;
        }

        foreach (var component in container.Elements())
        {
            var name = SafeNames.Segment(_name(component), _element.ToLowerInvariant());
            if (_fileInFolder == null)
            {
                var stem = Unique(context.Output, _folder + "/" + name, ".xml", candidate => !context.Output.Contains(UnpackedFolder.Twin(candidate + ".xml")));
                context.Output.Add(stem + ".xml", UnpackedFolder.Serialise(FileRoot(component)));
            }
            else
            {
                var stem = Unique(context.Output, _folder + "/" + name, "/" + _fileInFolder);
                context.Output.Add(stem + "/" + _fileInFolder, UnpackedFolder.Serialise(FileRoot(component)));
            }
        }

        container.RemoveNodes();
    }

    public override void Pack(PackContext context)
    {
        var files = _fileInFolder == null
            ? context.Source.Find(_folder, rel => !rel.Contains('/', StringComparison.Ordinal) && rel.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            : context.Source.Find(_folder, rel => rel.Count(c => c == '/') == 1 && rel.EndsWith("/" + _fileInFolder, StringComparison.OrdinalIgnoreCase));
        context.Fill(_container, files.Select(f => Expect(context.ReadXml(f), _element, context.Source, f)).ToList());
    }
}
