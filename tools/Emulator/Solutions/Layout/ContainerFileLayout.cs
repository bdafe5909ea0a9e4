using System;
using System.Linq;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>A whole top-level element in one file of Other/: <c>EntityMaps.xml</c>, <c>SiteMap.xml</c>, <c>ConnectionRoles.xml</c>.</summary>
internal sealed class ContainerFileLayout : ComponentLayout
{
    private readonly string _container;
    private readonly string _file;

    public ContainerFileLayout(string container, string file)
    {
        _container = container;
        _file = file;
    }

    public override void Unpack(UnpackContext context)
    {
        if (context.Container(_container) is { } container && container.HasElements && !container.HasAttributes)
        {
            context.Output.Add(_file, UnpackedFolder.Serialise(FileRoot(container)));
            container.RemoveNodes();
        }
    }

    public override void Pack(PackContext context)
    {
        var slash = _file.LastIndexOf('/');
        var file = context.Source.FindFirst(_file[..slash], rel => rel.Equals(_file[(slash + 1)..], StringComparison.OrdinalIgnoreCase));
        if (file != null)
        {
            var root = Expect(context.ReadXml(file), _container, context.Source, file);
            context.Fill(_container, root.Elements().ToList());
        }
    }
}
