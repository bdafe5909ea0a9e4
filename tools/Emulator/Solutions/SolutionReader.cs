using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using CrmAccountability.Emulator.Metadata;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// Reads a solution package, packed zip or SolutionPackager's unpacked folder, into one <see cref="SolutionPackage"/>.
/// An unpacked folder is merged into packed form first, by the same <see cref="UnpackedLayout"/> the packer uses, so
/// the emulator sees exactly what an import of the packed zip would bring. Format: solution-format.md §1–§5.
/// </summary>
public static class SolutionReader
{
    public static SolutionPackage Read(string path)
    {
        using var source = SolutionFileSource.Open(path);
        return Read(source);
    }

    /// <summary>Reads files already in packed form, such as a merged source that has not been zipped.</summary>
    public static SolutionPackage Read(PackageFiles files)
    {
        using var source = SolutionFileSource.FromFiles(files);
        return Read(source);
    }

    internal static SolutionPackage Read(SolutionFileSource source)
    {
        try
        {
            return ReadPackage(source);
        }
        catch (Exception ex) when (ex is not (SolutionFormatException or PackageLimitException or OutOfMemoryException))
        {
            // A package is data: whatever shape it has, the answer is one message naming it, never a stack trace.
            throw new SolutionFormatException(source.Description, string.Empty, "it could not be read as a solution (" + ex.GetType().Name + ": " + ex.Message + ")", ex);
        }
    }

    private static SolutionPackage ReadPackage(SolutionFileSource source)
    {
        var solutionXml = source.ReadXml("solution.xml");
        var customizations = source.ReadXml("customizations.xml").Root!;
        var manifest = solutionXml.Root?.Element("SolutionManifest")
            ?? throw new SolutionFormatException(source.Description, "solution.xml", "it has no <SolutionManifest>");

        var package = new SolutionPackage
        {
            UniqueName = Text(manifest, "UniqueName") ?? throw new SolutionFormatException(source.Description, "solution.xml", "<UniqueName> is missing"),
            Version = Text(manifest, "Version") ?? "0.0.0.0",
            Managed = Int(Text(manifest, "Managed")) ?? 0,
            PublisherPrefix = Text(manifest.Element("Publisher"), "CustomizationPrefix"),
            OptionValuePrefix = Int(Text(manifest.Element("Publisher"), "CustomizationOptionValuePrefix")),
        };
        foreach (var root in manifest.Element("RootComponents")?.Elements("RootComponent") ?? [])
        {
            package.RootComponents.Add(new RootComponent(
                Int((string?)root.Attribute("type")) ?? 0,
                (string?)root.Attribute("schemaName"),
                Guid.TryParse((string?)root.Attribute("id"), out var id) ? id : null));
        }

        var entities = Components(customizations, "Entities", "Entity");
        var optionSets = Components(customizations, "optionsets", "optionset");
        var relationships = Components(customizations, "EntityRelationships", "EntityRelationship");
        var roles = Components(customizations, "Roles", "Role");
        var assemblies = Components(customizations, "SolutionPluginAssemblies", "PluginAssembly");
        var steps = Components(customizations, "SdkMessageProcessingSteps", "SdkMessageProcessingStep");
        var controls = Components(customizations, "CustomControls", "CustomControl");

        foreach (var optionSet in optionSets)
        {
            package.GlobalOptionSets.Add(ReadOptionSet(optionSet, isGlobal: true));
        }

        foreach (var relationship in relationships)
        {
            package.Relationships.Add(ReadRelationship(relationship));
        }

        foreach (var entity in entities)
        {
            package.Tables.Add(ReadTable(entity, package, source));
        }

        foreach (var role in roles)
        {
            package.Roles.Add(ReadRole(role));
        }

        foreach (var assembly in assemblies)
        {
            package.PluginAssemblies.Add(ReadAssembly(assembly, source));
        }

        foreach (var step in steps)
        {
            package.Steps.Add(ReadStep(step, package));
        }

        foreach (var control in controls)
        {
            var fileName = Text(control, "FileName") ?? string.Empty;
            var manifestPath = source.Find(fileName);
            package.CustomControls.Add(new CustomControlDefinition(Text(control, "Name") ?? string.Empty, fileName, manifestPath == null ? null : source.ReadXml(manifestPath).ToString()));
        }

        ReadEnvironmentVariables(source, package);
        ReadCustomApis(source, package);
        return package;
    }

    private static List<XElement> Components(XElement customizations, string container, string element)
        => customizations.Element(container)?.Elements(element).ToList() ?? [];

    private static TableDefinition ReadTable(XElement entity, SolutionPackage package, SolutionFileSource source)
    {
        var info = entity.Element("EntityInfo")?.Element("entity");
        var schemaName = Text(entity, "Name") ?? (string?)info?.Attribute("Name") ?? throw new SolutionFormatException(source.Description, "customizations.xml", "an <Entity> has no <Name>");
        var ownership = Text(info, "OwnershipTypeMask") switch
        {
            "UserOwned" => OwnershipType.UserOwned,
            "OrgOwned" or "OrganizationOwned" => OwnershipType.OrganizationOwned,
            "BusinessOwned" => OwnershipType.BusinessOwned,
            null => (OwnershipType?)null,
            _ => OwnershipType.None,
        };
        var table = new TableDefinition
        {
            LogicalName = schemaName.ToLowerInvariant(),
            SchemaName = schemaName,
            DisplayName = (string?)entity.Element("Name")?.Attribute("LocalizedName"),
            Ownership = ownership,
            IsActivity = Text(info, "IsActivity") == "1",
        };

        foreach (var attribute in info?.Element("attributes")?.Elements("attribute") ?? [])
        {
            var column = ReadColumn(attribute, table.LogicalName, package);
            if (column == null)
            {
                continue;
            }

            if (column.Type == ColumnType.PrimaryKey)
            {
                table.PrimaryIdColumn = column.LogicalName;
            }

            if ((Text(attribute, "DisplayMask") ?? string.Empty).Contains("PrimaryName", StringComparison.Ordinal))
            {
                table.PrimaryNameColumn = column.LogicalName;
            }

            table.Columns.Add(column);
        }

        foreach (var key in info?.Element("EntityKeys")?.Elements("EntityKey") ?? [])
        {
            var columns = (key.Element("EntityKeyAttributes")?.Elements("AttributeName") ?? key.Element("KeyAttributes")?.Elements("KeyAttribute") ?? [])
                .Select(a => a.Value.Trim().ToLowerInvariant())
                .ToList();
            table.Keys.Add(new AlternateKeyMetadata((Text(key, "LogicalName") ?? Text(key, "Name") ?? string.Empty).ToLowerInvariant(), columns));
        }

        foreach (var fetch in entity.Descendants("fetch"))
        {
            table.SavedQueryFetchXml.Add(fetch.ToString(SaveOptions.DisableFormatting));
        }

        foreach (var view in entity.Element("SavedQueries")?.Element("savedqueries")?.Elements("savedquery") ?? [])
        {
            if (Guid.TryParse(Text(view, "savedqueryid"), out var viewId) && view.Element("fetchxml")?.Element("fetch") is { } fetch)
            {
                table.Views.Add(new ViewDefinition(
                    viewId,
                    LocalizedName(view) ?? viewId.ToString("B"),
                    table.LogicalName,
                    int.TryParse(Text(view, "querytype"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var queryType) ? queryType : 0,
                    Text(view, "isdefault") == "1",
                    fetch.ToString(SaveOptions.DisableFormatting),
                    view.Element("layoutxml")?.Elements().FirstOrDefault()?.ToString(SaveOptions.DisableFormatting)));
            }
        }

        foreach (var chart in entity.Element("Visualizations")?.Elements("visualization") ?? [])
        {
            if (Guid.TryParse(Text(chart, "savedqueryvisualizationid"), out var chartId) && chart.Element("datadescription")?.Elements().FirstOrDefault() is { } data)
            {
                table.Charts.Add(new ChartDefinition(
                    chartId,
                    LocalizedName(chart) ?? chartId.ToString("B"),
                    table.LogicalName,
                    Text(chart, "isdefault") == "1",
                    data.ToString(SaveOptions.DisableFormatting),
                    chart.Element("presentationdescription")?.Elements().FirstOrDefault()?.ToString(SaveOptions.DisableFormatting)));
            }
        }

        return table;
    }

    private static ColumnMetadata? ReadColumn(XElement attribute, string table, SolutionPackage package)
    {
        var logicalName = (Text(attribute, "LogicalName") ?? Text(attribute, "Name") ?? (string?)attribute.Attribute("PhysicalName"))?.ToLowerInvariant();
        var typeText = Text(attribute, "Type");
        if (logicalName == null || typeText == null)
        {
            return null;
        }

        var calculationOf = Text(attribute, "CalculationOf")?.ToLowerInvariant();
        ColumnType? type = typeText.ToLowerInvariant() switch
        {
            "primarykey" => ColumnType.PrimaryKey,
            "uniqueidentifier" => ColumnType.UniqueIdentifier,
            "nvarchar" or "varchar" or "nchar" or "char" or "text" => ColumnType.String,
            "ntext" => ColumnType.Memo,
            "int" or "smallint" or "tinyint" or "timezone" => ColumnType.Integer,
            "bigint" => ColumnType.BigInt,
            "decimal" or "numeric" => ColumnType.Decimal,
            "float" or "real" => ColumnType.Double,
            "money" or "smallmoney" => ColumnType.Money,
            "bit" => ColumnType.Boolean,
            "datetime" or "smalldatetime" => ColumnType.DateTime,
            "lookup" => ColumnType.Lookup,
            "customer" => ColumnType.Customer,
            "owner" => ColumnType.Owner,
            "picklist" => ColumnType.Picklist,
            "multiselectpicklist" => ColumnType.MultiSelectPicklist,
            "state" => ColumnType.State,
            "status" => ColumnType.Status,
            "virtual" => ColumnType.Virtual,
            "entityname" => ColumnType.EntityName,
            _ => null,
        };
        if (type == null)
        {
            package.Warnings.Add(table + "." + logicalName + ": column type '" + typeText + "' is not modelled; the column is left out");
            return null;
        }

        var optionSetName = Text(attribute, "OptionSetName");
        var nested = attribute.Element("optionset");
        var optionSet = nested != null
            ? ReadOptionSet(nested, isGlobal: false)
            : optionSetName == null ? null : package.GlobalOptionSets.FirstOrDefault(o => string.Equals(o.Name, optionSetName, StringComparison.OrdinalIgnoreCase));
        var targets = type == ColumnType.Owner
            ? ["systemuser", "team"]
            : type is ColumnType.Lookup or ColumnType.Customer
            ? package.Relationships.Where(r => r.Kind == RelationshipKind.OneToMany && r.ReferencingTable == table && r.ReferencingColumn == logicalName).Select(r => r.ReferencedTable).Distinct().ToList()
            : [];
        var behavior = Text(attribute, "Behavior") switch
        {
            "2" => DateTimeBehavior.DateOnly,
            "3" => DateTimeBehavior.TimeZoneIndependent,
            _ => Text(attribute, "Format") == "date" && Text(attribute, "Behavior") == null ? DateTimeBehavior.DateOnly : DateTimeBehavior.UserLocal,
        };

        return new ColumnMetadata(logicalName, type.Value)
        {
            DisplayName = (string?)attribute.Element("displaynames")?.Elements("displayname").FirstOrDefault()?.Attribute("description"),
            MaxLength = Int(Text(attribute, "MaxLength")),
            MinValue = Dec(Text(attribute, "MinValue")),
            MaxValue = Dec(Text(attribute, "MaxValue")),
            Precision = Int(Text(attribute, "Accuracy")),
            Targets = targets,
            OptionSet = optionSet,
            DateTimeBehavior = behavior,
            IsValidForCreate = Text(attribute, "ValidForCreateApi") != "0" && calculationOf == null,
            IsValidForUpdate = Text(attribute, "ValidForUpdateApi") != "0" && calculationOf == null && type != ColumnType.PrimaryKey,
            IsValidForRead = Text(attribute, "ValidForReadApi") != "0",
            // Only SystemRequired is enforced by the platform; ApplicationRequired ("required") is a form rule.
            IsRequired = Text(attribute, "RequiredLevel") == "systemrequired",
            CalculationOf = calculationOf,
            // Dataverse fills a two-option column's default on create (BooleanAttributeMetadata.DefaultValue); a choice's
            // default is only a form default (DefaultFormValue), so the API leaves it empty.
            DefaultValue = type == ColumnType.Boolean ? Text(attribute, "AppDefaultValue") == "1" : null,
        };
    }

    private static OptionSetMetadata ReadOptionSet(XElement optionSet, bool isGlobal)
    {
        var name = (string?)optionSet.Attribute("Name") ?? string.Empty;
        var options = new List<OptionMetadata>();
        foreach (var option in optionSet.Element("options")?.Elements("option") ?? [])
        {
            options.Add(new OptionMetadata(Int((string?)option.Attribute("value")) ?? 0, Label(option.Element("labels"))));
        }

        foreach (var state in optionSet.Element("states")?.Elements("state") ?? [])
        {
            options.Add(new OptionMetadata(Int((string?)state.Attribute("value")) ?? 0, Label(state.Element("labels")))
            {
                DefaultStatus = Int((string?)state.Attribute("defaultstatus")),
                InvariantName = (string?)state.Attribute("invariantname"),
            });
        }

        foreach (var status in optionSet.Element("statuses")?.Elements("status") ?? [])
        {
            options.Add(new OptionMetadata(Int((string?)status.Attribute("value")) ?? 0, Label(status.Element("labels")), Int((string?)status.Attribute("state"))));
        }

        return new OptionSetMetadata(name, options, isGlobal);
    }

    private static RelationshipMetadata ReadRelationship(XElement relationship)
    {
        var name = (string?)relationship.Attribute("Name") ?? string.Empty;
        if (Text(relationship, "EntityRelationshipType") == "ManyToMany")
        {
            return new RelationshipMetadata(name, RelationshipKind.ManyToMany, Lower(Text(relationship, "FirstEntityName")), Lower(Text(relationship, "SecondEntityName")), null)
            {
                IntersectTable = Text(relationship, "IntersectEntityName")?.ToLowerInvariant(),
            };
        }

        return new RelationshipMetadata(name, RelationshipKind.OneToMany, Lower(Text(relationship, "ReferencedEntityName")), Lower(Text(relationship, "ReferencingEntityName")), Text(relationship, "ReferencingAttributeName")?.ToLowerInvariant())
        {
            CascadeDelete = Text(relationship, "CascadeDelete") ?? "RemoveLink",
            CascadeAssign = Text(relationship, "CascadeAssign") ?? "NoCascade",
            IsHierarchical = Text(relationship, "IsHierarchical") is "1" or "true",
        };
    }

    private static RoleDefinition ReadRole(XElement role)
    {
        var privileges = new Dictionary<string, PrivilegeDepth>(StringComparer.OrdinalIgnoreCase);
        foreach (var privilege in role.Element("RolePrivileges")?.Elements("RolePrivilege") ?? [])
        {
            var depth = (string?)privilege.Attribute("level") switch
            {
                "Basic" => PrivilegeDepth.Basic,
                "Local" => PrivilegeDepth.Local,
                "Deep" => PrivilegeDepth.Deep,
                "Global" => PrivilegeDepth.Global,
                _ => PrivilegeDepth.None,
            };
            privileges[(string?)privilege.Attribute("name") ?? string.Empty] = depth;
        }

        return new RoleDefinition(Guid.TryParse((string?)role.Attribute("id"), out var id) ? id : Guid.Empty, (string?)role.Attribute("name") ?? string.Empty, privileges);
    }

    private static PluginAssemblyDefinition ReadAssembly(XElement assembly, SolutionFileSource source)
    {
        var fileName = Text(assembly, "FileName") ?? string.Empty;
        var content = source.Find(fileName);
        var definition = new PluginAssemblyDefinition
        {
            FullName = (string?)assembly.Attribute("FullName") ?? string.Empty,
            Id = Guid.TryParse((string?)assembly.Attribute("PluginAssemblyId"), out var id) ? id : null,
            FileName = fileName,
            Content = content == null ? null : source.ReadBytes(content),
        };
        foreach (var type in assembly.Element("PluginTypes")?.Elements("PluginType") ?? [])
        {
            var qualified = (string?)type.Attribute("AssemblyQualifiedName") ?? string.Empty;
            definition.Types.Add(new PluginTypeDefinition(
                qualified.Split(',')[0].Trim(),
                qualified,
                Guid.TryParse((string?)type.Attribute("PluginTypeId"), out var typeId) ? typeId : null,
                (string?)type.Attribute("Name")));
        }

        return definition;
    }

    private static StepDefinition ReadStep(XElement step, SolutionPackage package)
    {
        var name = (string?)step.Attribute("Name") ?? string.Empty;
        var messageId = Guid.TryParse(Text(step, "SdkMessageId"), out var mid) ? mid : (Guid?)null;
        var messageName = messageId != null && SdkMessages.NamesById.TryGetValue(messageId.Value, out var known) ? known : MessageFromStepName(name);
        if (messageName == null)
        {
            package.Warnings.Add("step '" + name + "': message id " + messageId + " is not a well-known message and the step name does not say which message it is");
        }

        var definition = new StepDefinition
        {
            Id = Guid.TryParse((string?)step.Attribute("SdkMessageProcessingStepId"), out var id) ? id : Guid.Empty,
            Name = name,
            MessageId = messageId,
            MessageName = messageName,
            PrimaryEntity = NullIfEmpty(Text(step, "PrimaryEntity"))?.ToLowerInvariant(),
            Stage = Int(Text(step, "Stage")) ?? 40,
            Mode = Int(Text(step, "Mode")) ?? 0,
            Rank = Int(Text(step, "Rank")) ?? 1,
            FilteringAttributes = SplitList(Text(step, "FilteringAttributes")),
            PluginTypeName = (Text(step, "PluginTypeName") ?? string.Empty).Split(',')[0].Trim(),
            PluginTypeId = Guid.TryParse(Text(step, "PluginTypeId"), out var typeId) ? typeId : null,
            UnsecureConfiguration = NullIfEmpty(Text(step, "Configuration")),
            ImpersonatingUserId = Guid.TryParse(Text(step, "ImpersonatingUserId"), out var runAs) ? runAs : null,
        };
        foreach (var image in step.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage") ?? [])
        {
            definition.Images.Add(new StepImageDefinition(
                (string?)image.Attribute("Name") ?? string.Empty,
                Text(image, "EntityAlias") ?? (string?)image.Attribute("Name") ?? string.Empty,
                (ImageType)(Int(Text(image, "ImageType")) ?? 0),
                SplitList(Text(image, "Attributes")),
                Text(image, "MessagePropertyName") ?? "Target"));
        }

        return definition;
    }

    /// <summary>"Type: Win of opportunity" → "Win", the naming every registration tool uses.</summary>
    private static string? MessageFromStepName(string name)
    {
        var colon = name.LastIndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var rest = name[(colon + 2)..];
        var of = rest.IndexOf(" of ", StringComparison.Ordinal);
        return (of < 0 ? rest : rest[..of]).Trim() is { Length: > 0 } message && !message.Contains(' ', StringComparison.Ordinal) ? message : null;
    }

    private static void ReadEnvironmentVariables(SolutionFileSource source, SolutionPackage package)
    {
        foreach (var file in source.Under("environmentvariabledefinitions", "/environmentvariabledefinition.xml"))
        {
            var root = source.ReadXml(file).Root!;
            var schemaName = (string?)root.Attribute("schemaname") ?? string.Empty;
            string? current = null;
            var valuesFile = source.Find(file[..file.LastIndexOf('/')] + "/environmentvariablevalues.json");
            if (valuesFile != null)
            {
                using var json = JsonDocument.Parse(source.ReadBytes(valuesFile));
                current = json.RootElement.Descendants().FirstOrDefault(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("value", out _)) is { ValueKind: JsonValueKind.Object } holder
                    ? holder.GetProperty("value").GetString()
                    : null;
            }

            package.EnvironmentVariables.Add(new EnvironmentVariableDefinition(
                schemaName,
                Int(Text(root, "type")) ?? 100000000,
                Text(root, "defaultvalue"),
                current,
                (string?)root.Element("displayname")?.Attribute("default")));
        }
    }

    private static void ReadCustomApis(SolutionFileSource source, SolutionPackage package)
    {
        foreach (var file in source.Under("customapis", "/customapi.xml"))
        {
            var folder = file[..file.LastIndexOf('/')];
            var root = source.ReadXml(file).Root!;
            var pluginType = root.Element("plugintypeid");
            var api = new CustomApiDefinition
            {
                UniqueName = (string?)root.Attribute("uniquename") ?? string.Empty,
                BindingType = Int(Text(root, "bindingtype")) ?? 0,
                BoundEntityLogicalName = NullIfEmpty(Text(root, "boundentitylogicalname")),
                IsFunction = Text(root, "isfunction") == "1",
                IsPrivate = Text(root, "isprivate") == "1",
                ExecutePrivilegeName = NullIfEmpty(Text(root, "executeprivilegename")),
                AllowedCustomProcessingStepType = Int(Text(root, "allowedcustomprocessingsteptype")) ?? 0,
                PluginTypeId = Guid.TryParse(pluginType?.Elements().FirstOrDefault()?.Value ?? pluginType?.Value, out var typeId) ? typeId : null,
                PluginTypeName = NullIfEmpty(Text(root, "plugintypename")),
            };
            foreach (var parameter in source.Under(folder + "/customapirequestparameters", "/customapirequestparameter.xml"))
            {
                api.RequestParameters.Add(ReadParameter(source.ReadXml(parameter).Root!));
            }

            foreach (var property in source.Under(folder + "/customapiresponseproperties", "/customapiresponseproperty.xml"))
            {
                api.ResponseProperties.Add(ReadParameter(source.ReadXml(property).Root!));
            }

            package.CustomApis.Add(api);
        }
    }

    private static CustomApiParameter ReadParameter(XElement root)
        => new((string?)root.Attribute("uniquename") ?? string.Empty, (CustomApiParameterType)(Int(Text(root, "type")) ?? 10), Text(root, "isoptional") == "1", NullIfEmpty(Text(root, "logicalentityname")));

    private static IEnumerable<JsonElement> Descendants(this JsonElement element)
    {
        yield return element;
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                foreach (var child in property.Value.Descendants())
                {
                    yield return child;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var child in item.Descendants())
                {
                    yield return child;
                }
            }
        }
    }

    private static string Label(XElement? labels)
        => (string?)labels?.Elements("label").FirstOrDefault(l => (string?)l.Attribute("languagecode") == "1033")?.Attribute("description")
            ?? (string?)labels?.Elements("label").FirstOrDefault()?.Attribute("description")
            ?? string.Empty;

    private static List<string> SplitList(string? text)
        => string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();

    private static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim();

    /// <summary>The English (1033) name from LocalizedNames, else the first one.</summary>
    private static string? LocalizedName(XElement component)
    {
        var names = component.Element("LocalizedNames")?.Elements("LocalizedName").ToList() ?? [];
        var name = names.FirstOrDefault(n => (string?)n.Attribute("languagecode") == "1033") ?? names.FirstOrDefault();
        return (string?)name?.Attribute("description");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Lower(string? text) => (text ?? string.Empty).ToLowerInvariant();

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static decimal? Dec(string? text) => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
