namespace CrmAccountability.Accountability.Tests;

/// <summary>The solution's option values (Solution/OptionSets), written out here so the tests do not borrow the plug-in's code.</summary>
internal static class Choices
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
    public const int FollowUp = 472100006;
    public const int Internal = 472100008;

    public const int NotStarted = 472100000;
    public const int OnTrack = 472100001;
    public const int NeedsAttention = 472100002;
    public const int OffPace = 472100003;
    public const int Met = 472100004;
    public const int Exceeded = 472100005;
    public const int Missed = 472100006;

    public const int RecognitionMet = 472100000;
    public const int RecognitionExceeded = 472100001;
}
