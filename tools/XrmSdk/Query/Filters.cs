using System.Collections;
using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk.Query;

public sealed class FilterExpression : IExtensibleDataObject
{
    public FilterExpression()
    {
        Conditions = new DataCollection<ConditionExpression>();
        Filters = new DataCollection<FilterExpression>();
    }

    public FilterExpression(LogicalOperator filterOperator)
        : this()
    {
        FilterOperator = filterOperator;
    }

    public LogicalOperator FilterOperator { get; set; }

    public string FilterHint { get; set; }

    public DataCollection<ConditionExpression> Conditions { get; private set; }

    public DataCollection<FilterExpression> Filters { get; private set; }

    public bool IsQuickFindFilter { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public void AddCondition(string attributeName, ConditionOperator conditionOperator, params object[] values)
    {
        Conditions.Add(new ConditionExpression(attributeName, conditionOperator, values));
    }

    public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values)
    {
        Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, values));
    }

    public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
    {
        Conditions.Add(new ConditionExpression(attributeName, conditionOperator, compareColumns, values));
    }

    public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
    {
        Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, values));
    }

    public void AddCondition(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
    {
        Conditions.Add(new ConditionExpression(attributeName, conditionOperator, compareColumns, value));
    }

    public void AddCondition(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
    {
        Conditions.Add(new ConditionExpression(entityName, attributeName, conditionOperator, compareColumns, value));
    }

    public void AddCondition(ConditionExpression condition)
    {
        Conditions.Add(condition);
    }

    public FilterExpression AddFilter(LogicalOperator logicalOperator)
    {
        var child = new FilterExpression(logicalOperator);
        Filters.Add(child);
        return child;
    }

    public void AddFilter(FilterExpression childFilter)
    {
        if (childFilter != null)
        {
            Filters.Add(childFilter);
        }
    }
}

public sealed class ConditionExpression : IExtensibleDataObject
{
    public ConditionExpression()
    {
        Values = new DataCollection<object>();
    }

    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, params object[] values)
        : this(null, attributeName, conditionOperator, false, values)
    {
    }

    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, params object[] values)
        : this(entityName, attributeName, conditionOperator, false, values)
    {
    }

    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
        : this()
    {
        EntityName = entityName;
        AttributeName = attributeName;
        Operator = conditionOperator;
        CompareColumns = compareColumns;
        Values.AddRange(values);
    }

    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
        : this(entityName, attributeName, conditionOperator, compareColumns, new[] { value })
    {
    }

    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object value)
        : this(null, attributeName, conditionOperator, compareColumns, new[] { value })
    {
    }

    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, bool compareColumns, object[] values)
        : this(null, attributeName, conditionOperator, compareColumns, values)
    {
    }

    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, object value)
        : this(null, attributeName, conditionOperator, false, new[] { value })
    {
    }

    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator, object value)
        : this(entityName, attributeName, conditionOperator, false, new[] { value })
    {
    }

    public ConditionExpression(string attributeName, ConditionOperator conditionOperator)
        : this(null, attributeName, conditionOperator, false, System.Array.Empty<object>())
    {
    }

    public ConditionExpression(string entityName, string attributeName, ConditionOperator conditionOperator)
        : this(entityName, attributeName, conditionOperator, false, System.Array.Empty<object>())
    {
    }

    /// <summary>Each element of <paramref name="values"/> becomes one value (the overload that an int[] or a List binds to).</summary>
    public ConditionExpression(string attributeName, ConditionOperator conditionOperator, ICollection values)
        : this()
    {
        AttributeName = attributeName;
        Operator = conditionOperator;
        if (values != null)
        {
            foreach (var value in values)
            {
                Values.Add(value);
            }
        }
    }

    public string EntityName { get; set; }

    public bool CompareColumns { get; set; }

    public string AttributeName { get; set; }

    public ConditionOperator Operator { get; set; }

    public DataCollection<object> Values { get; private set; }

    public ExtensionDataObject ExtensionData { get; set; }
}

public sealed class LinkEntity : IExtensibleDataObject
{
    public LinkEntity()
    {
        LinkCriteria = new FilterExpression();
        Columns = new ColumnSet();
        LinkEntities = new DataCollection<LinkEntity>();
        Orders = new DataCollection<OrderExpression>();
    }

    public LinkEntity(string linkFromEntityName, string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
        : this()
    {
        LinkFromEntityName = linkFromEntityName;
        LinkToEntityName = linkToEntityName;
        LinkFromAttributeName = linkFromAttributeName;
        LinkToAttributeName = linkToAttributeName;
        JoinOperator = joinOperator;
    }

    public string LinkFromAttributeName { get; set; }

    public string LinkFromEntityName { get; set; }

    public string LinkToEntityName { get; set; }

    public string LinkToAttributeName { get; set; }

    public JoinOperator JoinOperator { get; set; }

    public FilterExpression LinkCriteria { get; set; }

    public DataCollection<LinkEntity> LinkEntities { get; private set; }

    public ColumnSet Columns { get; set; }

    public string EntityAlias { get; set; }

    public DataCollection<OrderExpression> Orders { get; private set; }

    public ExtensionDataObject ExtensionData { get; set; }

    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName)
    {
        return AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);
    }

    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
    {
        var link = new LinkEntity(LinkToEntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
        LinkEntities.Add(link);
        return link;
    }
}
