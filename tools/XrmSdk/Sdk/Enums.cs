// Enum values are compiled into callers as constants, so each value here is the compiled one (xrm-sdk-surface.md §5.13).
namespace Microsoft.Xrm.Sdk;

public enum OperationStatus
{
    Failed = 0,
    Canceled = 1,
    Retry = 2,
    Suspended = 3,
    Succeeded = 4,
}

public enum ConcurrencyBehavior
{
    Default = 0,
    IfRowVersionMatches = 1,
    AlwaysOverwrite = 2,
}

public enum EntityState
{
    Unchanged = 0,
    Created = 1,
    Changed = 2,
}

public enum EntityRole
{
    Referencing = 0,
    Referenced = 1,
}

public enum PluginHttpStatusCode
{
    NotSet = 0,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    MethodNotAllowed = 405,
    RequestTimeout = 408,
    Conflict = 409,
    Gone = 410,
    PreconditionFailed = 412,
    RequestEntityTooLarge = 413,
    FailedDependency = 424,
    TooManyRequests = 429,
    InternalServerError = 500,
    BadGateway = 502,
    ServiceUnavailable = 503,
    GatewayTimeout = 504,
}
