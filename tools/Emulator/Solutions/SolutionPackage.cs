using System;
using System.Collections.Generic;
using CrmAccountability.Emulator.Metadata;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// Everything the emulator and the checker need from one solution package, read from a packed zip or from
/// SolutionPackager's unpacked folder merged into packed form.
/// </summary>
public sealed class SolutionPackage
{
    public required string UniqueName { get; init; }

    public required string Version { get; init; }

    /// <summary>0 unmanaged, 1 managed (an unpacked source is read as its unmanaged pack).</summary>
    public int Managed { get; init; }

    public string? PublisherPrefix { get; init; }

    public int? OptionValuePrefix { get; init; }

    public List<RootComponent> RootComponents { get; } = [];

    public List<TableDefinition> Tables { get; } = [];

    public List<OptionSetMetadata> GlobalOptionSets { get; } = [];

    public List<RelationshipMetadata> Relationships { get; } = [];

    public List<RoleDefinition> Roles { get; } = [];

    public List<PluginAssemblyDefinition> PluginAssemblies { get; } = [];

    public List<StepDefinition> Steps { get; } = [];

    public List<EnvironmentVariableDefinition> EnvironmentVariables { get; } = [];

    public List<CustomApiDefinition> CustomApis { get; } = [];

    public List<CustomControlDefinition> CustomControls { get; } = [];

    /// <summary>Things the reader understood but could not use fully (e.g. a step on a message id it does not know).</summary>
    public List<string> Warnings { get; } = [];
}

public sealed record RootComponent(int Type, string? SchemaName, Guid? Id);

/// <summary>A table as the package declares it: a new table, or columns added to an existing one.</summary>
public sealed class TableDefinition
{
    public required string LogicalName { get; init; }

    public string? SchemaName { get; init; }

    public string? DisplayName { get; init; }

    public OwnershipType? Ownership { get; init; }

    public bool IsActivity { get; init; }

    public string? PrimaryIdColumn { get; set; }

    public string? PrimaryNameColumn { get; set; }

    public List<ColumnMetadata> Columns { get; } = [];

    public List<AlternateKeyMetadata> Keys { get; } = [];

    /// <summary>Views, forms and charts, kept as raw XML for the checker.</summary>
    public List<string> SavedQueryFetchXml { get; } = [];

    /// <summary>The table's system views (savedquery), as import creates them.</summary>
    public List<ViewDefinition> Views { get; } = [];

    /// <summary>The table's system charts (savedqueryvisualization), as import creates them.</summary>
    public List<ChartDefinition> Charts { get; } = [];
}

public sealed record ViewDefinition(Guid Id, string Name, string Table, int QueryType, bool IsDefault, string FetchXml, string? LayoutXml);

public sealed record ChartDefinition(Guid Id, string Name, string Table, bool IsDefault, string DataDescription, string? PresentationDescription);

public enum PrivilegeDepth
{
    None = 0,
    Basic = 1,
    Local = 2,
    Deep = 3,
    Global = 4,
}

public sealed record RoleDefinition(Guid Id, string Name, IReadOnlyDictionary<string, PrivilegeDepth> Privileges);

public sealed record PluginTypeDefinition(string TypeName, string AssemblyQualifiedName, Guid? Id, string? Name);

public sealed class PluginAssemblyDefinition
{
    public required string FullName { get; init; }

    public Guid? Id { get; init; }

    public required string FileName { get; init; }

    /// <summary>The DLL bytes, or null where an unpacked source leaves them to the build.</summary>
    public byte[]? Content { get; init; }

    public List<PluginTypeDefinition> Types { get; } = [];

    public string Name => FullName.Split(',')[0].Trim();
}

public enum ImageType
{
    PreImage = 0,
    PostImage = 1,
    Both = 2,
}

public sealed record StepImageDefinition(string Name, string EntityAlias, ImageType ImageType, IReadOnlyList<string> Attributes, string MessagePropertyName);

public sealed class StepDefinition
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public Guid? MessageId { get; init; }

    /// <summary>The message name, from the well-known message ids or the step's name; null when neither tells.</summary>
    public string? MessageName { get; init; }

    public string? PrimaryEntity { get; init; }

    public int Stage { get; init; }

    /// <summary>0 synchronous, 1 asynchronous.</summary>
    public int Mode { get; init; }

    public int Rank { get; init; } = 1;

    public IReadOnlyList<string> FilteringAttributes { get; init; } = [];

    public required string PluginTypeName { get; init; }

    public Guid? PluginTypeId { get; init; }

    public string? UnsecureConfiguration { get; init; }

    public string? SecureConfiguration { get; init; }

    /// <summary>The user the step runs as; null means the calling user.</summary>
    public Guid? ImpersonatingUserId { get; init; }

    public List<StepImageDefinition> Images { get; } = [];
}

public sealed record EnvironmentVariableDefinition(string SchemaName, int Type, string? DefaultValue, string? CurrentValue, string? DisplayName);

/// <summary>Custom API parameter types (Learn: Custom API tables): 0 Boolean … 12 Guid.</summary>
public enum CustomApiParameterType
{
    Boolean = 0,
    DateTime = 1,
    Decimal = 2,
    Entity = 3,
    EntityCollection = 4,
    EntityReference = 5,
    Float = 6,
    Integer = 7,
    Money = 8,
    Picklist = 9,
    String = 10,
    StringArray = 11,
    Guid = 12,
}

public sealed record CustomApiParameter(string UniqueName, CustomApiParameterType Type, bool IsOptional, string? LogicalEntityName);

public sealed class CustomApiDefinition
{
    public required string UniqueName { get; init; }

    /// <summary>0 global, 1 entity, 2 entity collection.</summary>
    public int BindingType { get; init; }

    public string? BoundEntityLogicalName { get; init; }

    public bool IsFunction { get; init; }

    public bool IsPrivate { get; init; }

    public string? ExecutePrivilegeName { get; init; }

    public int AllowedCustomProcessingStepType { get; init; }

    public Guid? PluginTypeId { get; init; }

    public string? PluginTypeName { get; init; }

    public List<CustomApiParameter> RequestParameters { get; } = [];

    public List<CustomApiParameter> ResponseProperties { get; } = [];
}

public sealed record CustomControlDefinition(string Name, string FileName, string? ManifestXml);
