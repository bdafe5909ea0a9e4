using System;
using System.Linq;
using CrmAccountability.Emulator.Solutions;
using CrmAccountability.Emulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Pipeline;

/// <summary>Custom API parameters as the platform checks them: required ones present, each of its declared type, nothing undeclared.</summary>
internal static class CustomApiValidation
{
    public static void CheckRequest(CustomApiRegistration api, ParameterCollection input)
    {
        foreach (var parameter in api.RequestParameters)
        {
            if (!input.TryGetValue(parameter.UniqueName, out var value) || value == null)
            {
                if (!parameter.IsOptional)
                {
                    throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("Required field '{0}' is missing for {1}.", parameter.UniqueName, api.UniqueName));
                }

                continue;
            }

            CheckValue(api.UniqueName, parameter, value, "parameter");
        }

        var unknown = input.Keys.FirstOrDefault(k => api.RequestParameters.All(p => !string.Equals(p.UniqueName, k, StringComparison.Ordinal)));
        if (unknown != null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("'{0}' is not a parameter of {1}. Its parameters are: {2}.", unknown, api.UniqueName, string.Join(", ", api.RequestParameters.Select(p => p.UniqueName))));
        }
    }

    public static void CheckValue(string api, CustomApiParameter parameter, object value, string what)
    {
        var expected = parameter.Type switch
        {
            CustomApiParameterType.Boolean => typeof(bool),
            CustomApiParameterType.DateTime => typeof(DateTime),
            CustomApiParameterType.Decimal => typeof(decimal),
            CustomApiParameterType.Entity => typeof(Entity),
            CustomApiParameterType.EntityCollection => typeof(EntityCollection),
            CustomApiParameterType.EntityReference => typeof(EntityReference),
            CustomApiParameterType.Float => typeof(double),
            CustomApiParameterType.Integer => typeof(int),
            CustomApiParameterType.Money => typeof(Money),
            CustomApiParameterType.Picklist => typeof(OptionSetValue),
            CustomApiParameterType.String => typeof(string),
            CustomApiParameterType.StringArray => typeof(string[]),
            _ => typeof(Guid),
        };
        if (!expected.IsInstanceOfType(value))
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The {0} '{1}' of {2} must be {3}, not {4}.", what, parameter.UniqueName, api, expected.Name, value.GetType().Name));
        }

        if (value is EntityReference reference && parameter.LogicalEntityName != null && reference.LogicalName != parameter.LogicalEntityName)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("The {0} '{1}' of {2} must reference a '{3}' row, not '{4}'.", what, parameter.UniqueName, api, parameter.LogicalEntityName, reference.LogicalName));
        }
    }
}
