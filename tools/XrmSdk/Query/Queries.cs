using System.Runtime.Serialization;

namespace Microsoft.Xrm.Sdk.Query;

/// <summary>Lets the stand-in keep QueryBase closed to outside derivation, as the real SDK's internal abstract member does.</summary>
internal interface IQueryVisitor
{
    void Visit(QueryBase query);
}

public abstract class QueryBase : IExtensibleDataObject
{
    public ExtensionDataObject ExtensionData { get; set; }

    internal abstract void Accept(IQueryVisitor visitor);
}

public sealed class FetchExpression : QueryBase
{
    public FetchExpression()
    {
    }

    public FetchExpression(string query)
    {
        Query = query;
    }

    public string Query { get; set; }

    internal override void Accept(IQueryVisitor visitor) => visitor.Visit(this);
}

public sealed class QueryExpression : QueryBase
{
    public QueryExpression()
    {
        ColumnSet = new ColumnSet();
        Criteria = new FilterExpression();
        PageInfo = new PagingInfo();
        LinkEntities = new DataCollection<LinkEntity>();
        Orders = new DataCollection<OrderExpression>();
    }

    public QueryExpression(string entityName)
        : this()
    {
        EntityName = entityName;
    }

    public bool Distinct { get; set; }

    public bool NoLock { get; set; }

    public PagingInfo PageInfo { get; set; }

    public string QueryHints { get; set; }

    public DataCollection<LinkEntity> LinkEntities { get; private set; }

    public FilterExpression Criteria { get; set; }

    public DataCollection<OrderExpression> Orders { get; private set; }

    public string EntityName { get; set; }

    public ColumnSet ColumnSet { get; set; }

    public int? TopCount { get; set; }

    public void AddOrder(string attributeName, OrderType orderType)
    {
        Orders.Add(new OrderExpression(attributeName, orderType));
    }

    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName)
    {
        return AddLink(linkToEntityName, linkFromAttributeName, linkToAttributeName, JoinOperator.Inner);
    }

    public LinkEntity AddLink(string linkToEntityName, string linkFromAttributeName, string linkToAttributeName, JoinOperator joinOperator)
    {
        var link = new LinkEntity(EntityName, linkToEntityName, linkFromAttributeName, linkToAttributeName, joinOperator);
        LinkEntities.Add(link);
        return link;
    }

    internal override void Accept(IQueryVisitor visitor) => visitor.Visit(this);
}

public sealed class QueryByAttribute : QueryBase
{
    public QueryByAttribute()
    {
        Attributes = new DataCollection<string>();
        Values = new DataCollection<object>();
        Orders = new DataCollection<OrderExpression>();
        ColumnSet = new ColumnSet();
        PageInfo = new PagingInfo();
    }

    public QueryByAttribute(string entityName)
        : this()
    {
        EntityName = entityName;
    }

    public string EntityName { get; set; }

    public ColumnSet ColumnSet { get; set; }

    public DataCollection<string> Attributes { get; private set; }

    public DataCollection<object> Values { get; private set; }

    public DataCollection<OrderExpression> Orders { get; private set; }

    public PagingInfo PageInfo { get; set; }

    public int? TopCount { get; set; }

    public void AddOrder(string attributeName, OrderType orderType)
    {
        Orders.Add(new OrderExpression(attributeName, orderType));
    }

    public void AddAttributeValue(string attributeName, object value)
    {
        Attributes.Add(attributeName);
        Values.Add(value);
    }

    internal override void Accept(IQueryVisitor visitor) => visitor.Visit(this);
}

public sealed class ColumnSet : IExtensibleDataObject
{
    public ColumnSet()
    {
        Columns = new DataCollection<string>();
    }

    public ColumnSet(bool allColumns)
        : this()
    {
        AllColumns = allColumns;
    }

    public ColumnSet(params string[] columns)
        : this()
    {
        Columns.AddRange(columns);
    }

    public bool AllColumns { get; set; }

    // Get-only: the 2019 build has no setter, and a setter absent on the server would fail to bind.
    public DataCollection<string> Columns { get; }

    public ExtensionDataObject ExtensionData { get; set; }

    public void AddColumns(params string[] columns)
    {
        Columns.AddRange(columns);
    }

    public void AddColumn(string column)
    {
        Columns.Add(column);
    }
}

public sealed class PagingInfo : IExtensibleDataObject
{
    public int PageNumber { get; set; }

    public int Count { get; set; }

    public bool ReturnTotalRecordCount { get; set; }

    public string PagingCookie { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }
}

public sealed class OrderExpression : IExtensibleDataObject
{
    public OrderExpression()
    {
    }

    public OrderExpression(string attributeName, OrderType orderType)
    {
        AttributeName = attributeName;
        OrderType = orderType;
    }

    public OrderExpression(string attributeName, OrderType orderType, string alias)
        : this(attributeName, orderType)
    {
        Alias = alias;
    }

    public string AttributeName { get; set; }

    public OrderType OrderType { get; set; }

    public string Alias { get; set; }

    public ExtensionDataObject ExtensionData { get; set; }
}
