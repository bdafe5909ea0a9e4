using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CrmAccountability.Cli.Checking;

/// <summary>CRA021 PCF controls, CRA022 Custom APIs, CRA023 environment variables (solution-format.md §8 "PCF", "Custom API / env vars").</summary>
internal static partial class ExtensionRules
{
    public static void Check(CheckContext c)
    {
        Controls(c);
        CustomApis(c);
        EnvironmentVariables(c);
    }

    private static void Controls(CheckContext c)
    {
        foreach (var control in c.Component("CustomControls", "CustomControl"))
        {
            var name = control.Element("Name")?.Value.Trim() ?? string.Empty;
            var fileName = (control.Element("FileName")?.Value.Trim() ?? string.Empty).TrimStart('/');
            if (!name.StartsWith(c.Prefix + "_", StringComparison.Ordinal))
            {
                c.Error("CRA021", "customizations.xml", name, "The control name does not start with the publisher prefix '" + c.Prefix + "_' (import fails: the prefix must match the solution's).", "Name it " + c.Prefix + "_<namespace>.<constructor>.");
            }

            if (!fileName.StartsWith("Controls/" + name + "/", StringComparison.Ordinal))
            {
                c.Error("CRA021", "customizations.xml", name, "The manifest path " + fileName + " is not in the control's own folder Controls/" + name + "/.", "Put the control's files under Controls/" + name + "/.");
            }

            if (!c.Files.Contains(fileName))
            {
                continue;
            }

            var manifest = c.Files.Xml(fileName).Root?.Element("control");
            var qualified = (string?)manifest?.Attribute("namespace") + "." + (string?)manifest?.Attribute("constructor");
            if (!name.EndsWith("_" + qualified, StringComparison.Ordinal))
            {
                c.Error("CRA021", fileName, name, "The manifest's namespace.constructor is '" + qualified + "', which does not match the control name.", "Keep the name <prefix>_<namespace>.<constructor>.");
            }

            var version = (string?)manifest?.Attribute("version") ?? string.Empty;
            if (!SemanticVersion().IsMatch(version))
            {
                c.Error("CRA021", fileName, name, "The manifest version '" + version + "' is not major.minor.patch; without a higher version an update is not picked up.", "Set version=\"1.0.0\" and raise it with every release.");
            }

            var folder = fileName[..(fileName.LastIndexOf('/') + 1)];
            foreach (var resource in manifest?.Element("resources")?.Elements() ?? [])
            {
                var path = (string?)resource.Attribute("path");
                if (path != null && resource.Name.LocalName is "code" or "css" or "resx" or "img" && !c.Files.Contains(folder + path))
                {
                    c.Error("CRA021", fileName, name, "The manifest lists " + resource.Name.LocalName + " '" + path + "', which is not in " + folder + ".", "Package the control's full build output.");
                }
            }
        }
    }

    private static void CustomApis(CheckContext c)
    {
        foreach (var path in c.Files.Paths.Where(p => p.StartsWith("customapis/", StringComparison.OrdinalIgnoreCase) && p.EndsWith("/customapi.xml", StringComparison.OrdinalIgnoreCase)))
        {
            var root = c.TryXml(path)?.Root;
            if (root == null)
            {
                continue;
            }

            var unique = (string?)root.Attribute("uniquename") ?? string.Empty;
            var folder = path.Split('/')[1];
            if (folder != unique)
            {
                c.Error("CRA022", path, unique, "The folder is '" + folder + "' but the API's uniquename is '" + unique + "'.", "Name the folder after the uniquename.");
            }

            if (!unique.StartsWith(c.Prefix + "_", StringComparison.Ordinal))
            {
                c.Error("CRA022", path, unique, "The Custom API's uniquename does not carry the publisher prefix '" + c.Prefix + "_'.", "Rename it " + c.Prefix + "_" + unique + ".");
            }

            var binding = root.Element("bindingtype")?.Value.Trim();
            var bound = root.Element("boundentitylogicalname")?.Value.Trim() ?? string.Empty;
            if (binding is "1" or "2" && !c.TableExists(bound))
            {
                c.Error("CRA022", path, unique, "The API is bound to table '" + bound + "', which is neither standard nor in the package.", "Correct boundentitylogicalname.");
            }

            var apiFolder = path[..path.LastIndexOf('/')];
            foreach (var parameterPath in c.Files.Paths.Where(p => p.StartsWith(apiFolder + "/", StringComparison.Ordinal) && (p.EndsWith("/customapirequestparameter.xml", StringComparison.Ordinal) || p.EndsWith("/customapiresponseproperty.xml", StringComparison.Ordinal))))
            {
                var parameter = c.TryXml(parameterPath)?.Root;
                var parameterName = (string?)parameter?.Attribute("uniquename") ?? string.Empty;
                if (!int.TryParse(parameter?.Element("type")?.Value, out var type) || type is < 0 or > 12)
                {
                    c.Error("CRA022", parameterPath, unique + "." + parameterName, "The type '" + parameter?.Element("type")?.Value + "' is not a Custom API parameter type (0 Boolean … 12 Guid).", "Use a type code from 0 to 12.");
                }

                if (parameterPath.EndsWith("/customapiresponseproperty.xml", StringComparison.Ordinal) && parameter?.Element("isoptional") != null)
                {
                    c.Error("CRA022", parameterPath, unique + "." + parameterName, "A response property has <isoptional>, which makes the import fail.", "Remove <isoptional> from response properties.");
                }
            }
        }
    }

    private static void EnvironmentVariables(CheckContext c)
    {
        foreach (var path in c.Files.Paths.Where(p => p.StartsWith("environmentvariabledefinitions/", StringComparison.OrdinalIgnoreCase)))
        {
            if (path.EndsWith("/environmentvariablevalues.json", StringComparison.OrdinalIgnoreCase))
            {
                c.Warn("CRA023", path, path.Split('/')[1], "A current value ships with the solution and will overwrite the target's value on import.", "Delete environmentvariablevalues.json before packing.");
                continue;
            }

            if (!path.EndsWith("/environmentvariabledefinition.xml", StringComparison.OrdinalIgnoreCase) || c.TryXml(path)?.Root is not { } root)
            {
                continue;
            }

            var schema = (string?)root.Attribute("schemaname") ?? string.Empty;
            if (path.Split('/')[1] != schema)
            {
                c.Error("CRA023", path, schema, "The folder name differs from the schemaname.", "Name the folder after the schemaname.");
            }

            if (!schema.StartsWith(c.Prefix + "_", StringComparison.Ordinal))
            {
                c.Error("CRA023", path, schema, "The environment variable's schemaname does not carry the publisher prefix '" + c.Prefix + "_'.", "Rename it " + c.Prefix + "_" + schema + ".");
            }

            var type = root.Element("type")?.Value.Trim();
            if (!int.TryParse(type, out var code) || code is < 100000000 or > 100000005)
            {
                c.Error("CRA023", path, schema, "Type '" + type + "' is not an environment variable type (100000000 String … 100000005 Secret).", "Use a type from 100000000 to 100000005.");
            }
            else if (code == 100000005 && root.Element("defaultvalue") != null)
            {
                c.Error("CRA023", path, schema, "A Secret variable has a default value in the package.", "Remove <defaultvalue>; secrets come from Key Vault.");
            }
        }
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemanticVersion();
}
