using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml.Linq;

namespace CrmAccountability.Emulator.Solutions.Layout;

/// <summary>
/// Whether two packed packages carry the same solution: the same files; payloads byte for byte; solution.xml and
/// customizations.xml as XML, ignoring what no importer reads — insignificant whitespace, comments, where namespaces
/// are declared, attribute order, and the order of components inside a collection (an export and a repack list them
/// in different orders). [Content_Types].xml is derived from the file list and not compared.
/// </summary>
public static class PackageEquivalence
{
    /// <summary>Elements whose children are an unordered collection of components.</summary>
    private static readonly HashSet<string> Collections = new(StringComparer.Ordinal) { "FormXml", "forms", "savedqueries", "Visualizations" };

    /// <summary>Every difference, one line each (empty when the packages are equivalent).</summary>
    public static IReadOnlyList<string> Differences(PackageFiles expected, PackageFiles actual)
    {
        const string ContentTypes = "[Content_Types].xml";
        var differences = new List<string>();
        var expectedPaths = expected.Paths.Where(p => p != ContentTypes).ToHashSet(StringComparer.Ordinal);
        var actualPaths = actual.Paths.Where(p => p != ContentTypes).ToHashSet(StringComparer.Ordinal);
        differences.AddRange(expectedPaths.Except(actualPaths).Order(StringComparer.Ordinal).Select(p => p + ": missing"));
        differences.AddRange(actualPaths.Except(expectedPaths).Order(StringComparer.Ordinal).Select(p => p + ": not in the original"));
        foreach (var path in expectedPaths.Intersect(actualPaths).Order(StringComparer.Ordinal))
        {
            if (path is "solution.xml" or "customizations.xml")
            {
                differences.AddRange(CompareXml(path, expected.Read(path), actual.Read(path)));
            }
            else if (!expected.Read(path).AsSpan().SequenceEqual(actual.Read(path)))
            {
                differences.Add(path + ": content differs");
            }
        }

        return differences;
    }

    private static IEnumerable<string> CompareXml(string path, byte[] expected, byte[] actual)
    {
        var left = SafeXml.Load(expected).Root!;
        var right = SafeXml.Load(actual).Root!;
        if (Canonical(left) == Canonical(right))
        {
            yield break;
        }

        // Name the top-level parts that differ, and the first components in them, so the report says what would be lost.
        var leftParts = left.Elements().ToList();
        var rightParts = right.Elements().ToList();
        for (var i = 0; i < Math.Max(leftParts.Count, rightParts.Count); i++)
        {
            var l = i < leftParts.Count ? leftParts[i] : null;
            var r = i < rightParts.Count ? rightParts[i] : null;
            if (l == null || r == null || l.Name != r.Name)
            {
                yield return path + ": top-level element " + (i + 1) + " is <" + l?.Name.LocalName + "> in one and <" + r?.Name.LocalName + "> in the other";
                continue;
            }

            if (Canonical(l, depth: 1) == Canonical(r, depth: 1))
            {
                continue;
            }

            var rightSet = r.Elements().Select(e => Canonical(e, depth: 2)).ToHashSet(StringComparer.Ordinal);
            var lost = l.Elements().Where(e => !rightSet.Contains(Canonical(e, depth: 2))).Select(Label).Take(3).ToList();
            yield return path + ": <" + l.Name.LocalName + "> differs" + (lost.Count > 0 ? " (" + string.Join(", ", lost) + ")" : string.Empty);
        }
    }

    private static string Label(XElement component)
        => (component.Name.LocalName + " " + ((string?)component.Attribute("Name") ?? (string?)component.Attribute("name") ?? component.Element("Name")?.Value.Trim() ?? component.Element("UniqueName")?.Value.Trim() ?? string.Empty)).Trim();

    /// <summary>
    /// A string equal for two elements exactly when an importer would read them the same (see the class summary).
    /// <paramref name="depth"/> is the element's depth below the document root: the root's children are the top-level
    /// collections, whose children are compared without regard to order.
    /// </summary>
    public static string Canonical(XElement element, int depth = 0)
    {
        var builder = new StringBuilder();
        Write(element, depth, builder);
        return builder.ToString();
    }

    private static void Write(XElement element, int depth, StringBuilder builder)
    {
        builder.Append('<').Append(element.Name.ToString());
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal))
        {
            builder.Append(' ').Append(attribute.Name.ToString()).Append("=\"").Append(attribute.Value).Append('"');
        }

        builder.Append('>');
        foreach (var text in element.Nodes().OfType<XText>().Where(t => t.Value.Trim().Length > 0))
        {
            builder.Append(text.Value);
        }

        var children = element.Elements().Select(child => Canonical(child, depth + 1));
        foreach (var child in depth == 1 || Collections.Contains(element.Name.LocalName) ? children.Order(StringComparer.Ordinal) : children)
        {
            builder.Append(child);
        }

        builder.Append("</>");
    }
}
