using System.Collections.Generic;
using System.Linq;
using CrmAccountability.Emulator.Storage;

namespace CrmAccountability.Emulator.Platform;

/// <summary>A new row must have every column its table requires.</summary>
internal sealed class RequiredColumns : IPlatformBehaviour
{
    public bool Applies(RowWrite write) => write.Kind == WriteKind.Create;

    public void Apply(RowWrite write)
    {
        var missing = write.Table.Columns.FirstOrDefault(c => c.IsRequired && write.Values.GetValueOrDefault(c.LogicalName) == null);
        if (missing != null)
        {
            throw new DataverseFaultException(DataverseFaults.InvalidArgument, DataverseFaults.Format("Attribute '{0}' cannot be NULL", missing.LogicalName));
        }
    }
}
