namespace CrmAccountability.Simulation.Scenario;

/// <summary>The solution's option values (Solution/OptionSets), as a client of the solution writes them.</summary>
public static class ChoiceValues
{
    public const int ActivityCount = 472100000;
    public const int ActivityMinutes = 472100001;
    public const int OpportunitiesCreated = 472100002;
    public const int PipelineCreated = 472100003;
    public const int DealsWon = 472100004;
    public const int RevenueWon = 472100005;
    public const int ReviewsHeld = 472100006;

    public const int Day = 472100000;
    public const int Week = 472100001;
    public const int Month = 472100002;
    public const int Quarter = 472100003;
    public const int Year = 472100004;
    public const int Custom = 472100005;

    public const int PhoneCall = 472100000;
    public const int Appointment = 472100001;
    public const int Email = 472100002;
    public const int Task = 472100003;

    public const int Prospecting = 472100000;
    public const int FirstMeeting = 472100001;
    public const int Discovery = 472100002;
    public const int Demo = 472100003;
    public const int Proposal = 472100004;
    public const int Negotiation = 472100005;
    public const int FollowUp = 472100006;
    public const int AccountManagement = 472100007;
    public const int Internal = 472100008;

    public const int WeeklyPipelineReview = 472100000;
    public const int OneToOne = 472100001;
}
