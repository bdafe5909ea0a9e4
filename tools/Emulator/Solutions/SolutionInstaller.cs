using System;
using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Pipeline;
using Microsoft.Xrm.Sdk;

namespace CrmAccountability.Emulator.Solutions;

/// <summary>
/// Installs a read package into an organisation as an import does: its metadata joins the catalogue; its roles,
/// system views, charts and environment variables become rows; its steps and Custom APIs are registered, with their
/// plug-in types resolved — unless the package is only being inspected, when no step is registered and no type loaded.
/// </summary>
internal sealed class SolutionInstaller(DataverseEmulator org)
{
    private readonly DataverseEmulator _org = org;

    public SolutionPackage Install(SolutionPackage package, IEnumerable<System.Reflection.Assembly>? pluginAssemblies, bool runCode)
    {
        _org.Store.Adopt(_org.Store.Catalog.With(package));
        _org.AddSolution(package);
        var system = _org.Caller(null);
        foreach (var role in package.Roles)
        {
            var id = role.Id == Guid.Empty ? _org.Ids.Next() : role.Id;
            _org.Writer.Create(system, new Entity("role", id) { ["name"] = role.Name, ["businessunitid"] = new EntityReference("businessunit", _org.RootBusinessUnitId) }, null);
            _org.AddRoleId(role.Name, id);
            _org.Security.AddRole(role);
        }

        var types = new PluginTypeResolver(package, pluginAssemblies);
        foreach (var step in runCode ? package.Steps : [])
        {
            _org.Pipeline.Register(new StepRegistration
            {
                Id = step.Id == Guid.Empty ? _org.Ids.Next() : step.Id,
                Message = step.MessageName ?? throw new SolutionFormatException(package.UniqueName, "SdkMessageProcessingSteps", "step '" + step.Name + "' names no message the emulator can recognise"),
                PrimaryEntity = step.PrimaryEntity,
                Stage = step.Stage,
                Asynchronous = step.Mode == 1,
                Rank = step.Rank,
                FilteringAttributes = step.FilteringAttributes,
                Images = step.Images,
                PluginType = types.Resolve(step.PluginTypeName, step.PluginTypeId),
                UnsecureConfiguration = step.UnsecureConfiguration,
                SecureConfiguration = step.SecureConfiguration,
                RunAs = step.ImpersonatingUserId,
            });
        }

        foreach (var api in package.CustomApis)
        {
            _org.Pipeline.Register(new CustomApiRegistration
            {
                UniqueName = api.UniqueName,
                BindingType = api.BindingType,
                BoundEntityLogicalName = api.BoundEntityLogicalName,
                ExecutePrivilegeName = api.ExecutePrivilegeName,
                RequestParameters = api.BindingType == 1
                    ? [new CustomApiParameter("Target", CustomApiParameterType.EntityReference, false, api.BoundEntityLogicalName), .. api.RequestParameters.Where(p => p.UniqueName != "Target")]
                    : api.RequestParameters,
                ResponseProperties = api.ResponseProperties,
                PluginType = !runCode || (api.PluginTypeId == null && api.PluginTypeName == null) ? null : types.Resolve(api.PluginTypeName, api.PluginTypeId),
            });
        }

        // Import creates the system views and charts as savedquery and savedqueryvisualization rows: clients read their
        // fetchxml and run it, so a view that cannot work fails here the way it would for a user.
        foreach (var view in package.Tables.SelectMany(t => t.Views))
        {
            _org.Writer.Upsert(system, new Entity("savedquery", view.Id)
            {
                ["name"] = view.Name,
                ["returnedtypecode"] = view.Table,
                ["querytype"] = view.QueryType,
                ["isdefault"] = view.IsDefault,
                ["fetchxml"] = view.FetchXml,
                ["layoutxml"] = view.LayoutXml,
            }, null);
        }

        foreach (var chart in package.Tables.SelectMany(t => t.Charts))
        {
            _org.Writer.Upsert(system, new Entity("savedqueryvisualization", chart.Id)
            {
                ["name"] = chart.Name,
                ["primaryentitytypecode"] = chart.Table,
                ["isdefault"] = chart.IsDefault,
                ["datadescription"] = chart.DataDescription,
                ["presentationdescription"] = chart.PresentationDescription,
            }, null);
        }

        foreach (var variable in package.EnvironmentVariables)
        {
            if (variable.Type is < 100000000 or > 100000005)
            {
                package.Warnings.Add("environment variable " + variable.SchemaName + ": type " + variable.Type + " is not an environment variable type; the definition is left out");
                continue;
            }

            var definition = _org.Writer.Create(system, new Entity("environmentvariabledefinition")
            {
                ["schemaname"] = variable.SchemaName,
                ["displayname"] = variable.DisplayName,
                ["defaultvalue"] = variable.DefaultValue,
                ["type"] = new OptionSetValue(variable.Type),
            }, null);
            if (variable.CurrentValue != null)
            {
                _org.Writer.Create(system, new Entity("environmentvariablevalue")
                {
                    ["schemaname"] = variable.SchemaName,
                    ["value"] = variable.CurrentValue,
                    ["environmentvariabledefinitionid"] = new EntityReference("environmentvariabledefinition", definition),
                }, null);
            }
        }

        return package;
    }
}
