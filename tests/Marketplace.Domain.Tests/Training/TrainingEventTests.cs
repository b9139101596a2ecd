using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;
using Marketplace.Domain.Training;
using Marketplace.Domain.Tests.Accreditation;

namespace Marketplace.Domain.Tests.Training;

/// <summary>The training event's invariants and the pairing's life cycle, without a database.</summary>
public sealed class TrainingEventTests
{
    private static readonly TrainingKindCatalog Kinds = new(AccreditationData.Set.StudioProgramme);
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 6, 10);
    private static readonly Guid User = Guid.NewGuid();

    private static TrainingEventDetails Details(DateOnly start, DateOnly end, decimal hours = 16m, string kind = "seminar") =>
        new(kind, "液压研修班", start, end, hours, "长沙", null);

    private static TrainingEvent Record(DateOnly end, params TraineeInput[] trainees) =>
        TrainingEvent.Record(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Center, "430100", Kinds, Details(end.AddDays(-1), end), trainees, User, Now);

    private static TraineeInput Named(string name, decimal hours = 16m, ProfessionalTitle? title = ProfessionalTitle.Engineer) =>
        new(null, null, name, "某单位", title, hours);

    [Fact]
    public void The_kinds_are_the_seeds_three_forms_and_four_paths_by_code_and_name()
    {
        Assert.Equal(
            ["seminar", "continuing-education", "secondment", "production-task", "technical-project", "specialty", "collaboration"],
            Kinds.Kinds.Select(k => k.Code));
        Assert.Equal("挂职或跟班跟师学习", Kinds.Name("secondment"));
        Assert.Equal(4, Kinds.Paths.Count);
        Assert.Equal("training_kind_unknown", Assert.Throws<DomainException>(() => Kinds.Get("lecture")).Code);
    }

    [Fact]
    public void An_event_ending_before_it_starts_is_refused()
    {
        var e = Assert.Throws<DomainException>(() =>
            TrainingEvent.Record(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Studio, "430100", Kinds, Details(Today, Today.AddDays(-1)), [], User, Now));
        Assert.Equal("end_before_start", e.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(12.25)]
    public void Event_hours_must_be_positive_with_one_decimal(double hours)
    {
        var e = Assert.Throws<DomainException>(() =>
            TrainingEvent.Record(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Center, "430100", Kinds, Details(Today, Today, (decimal)hours), [], User, Now));
        Assert.Equal("hours_out_of_range", e.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16.5)]
    public void A_trainees_hours_are_above_zero_and_within_the_events(double hours)
    {
        var e = Assert.Throws<DomainException>(() => Record(Today, Named("张三", (decimal)hours)));
        Assert.Equal("trainee_hours_out_of_range", e.Code);
    }

    [Fact]
    public void The_same_person_twice_in_one_event_is_refused_by_engineer_or_by_name_and_employer()
    {
        var engineer = Guid.NewGuid();
        Assert.Equal("duplicate_trainee", Assert.Throws<DomainException>(() =>
            Record(Today, new TraineeInput(null, engineer, "王五", null, null, 8m), new TraineeInput(null, engineer, "王五", null, ProfessionalTitle.SeniorEngineer, 4m))).Code);
        Assert.Equal("duplicate_trainee", Assert.Throws<DomainException>(() => Record(Today, Named("张三"), Named("张三", 8m))).Code);

        // Namesakes at different employers are two people.
        var two = Record(Today, Named("张三"), new TraineeInput(null, null, "张三", "另一单位", null, 8m));
        Assert.Equal(2, two.Trainees.Count);

        var training = Record(Today, Named("李四"));
        Assert.Equal("duplicate_trainee", Assert.Throws<DomainException>(() => training.AddTrainee(Guid.NewGuid(), Named("李四", 4m), User, Now)).Code);
        Assert.Single(training.Trainees);
    }

    [Fact]
    public void Results_wait_for_the_events_last_day_in_china_time()
    {
        var training = Record(Today.AddDays(1), Named("张三"));
        var trainee = training.Trainees[0].Id;
        var early = Assert.Throws<DomainConflictException>(() => training.RecordResult(trainee, TrainingResult.Passed, null, User, Now));
        Assert.Equal("training_not_ended", early.Code);
        Assert.Null(training.Trainees[0].Result);

        // 00:30 on the last day in Beijing is still the previous day in UTC: the event has ended there already.
        var lastDay = new DateTimeOffset(2026, 6, 11, 0, 30, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        training.RecordResult(trainee, TrainingResult.Excellent, "ZS-1", User, lastDay);
        Assert.Equal(TrainingResult.Excellent, training.Trainees[0].Result);
        Assert.Equal("ZS-1", training.Trainees[0].CertificateNumber);
        Assert.Equal(["create", "record-result"], training.Audit.Select(a => a.Action));
    }

    [Fact]
    public void An_event_with_results_cannot_move_its_end_into_the_future_and_shrinking_its_hours_under_a_trainee_is_refused()
    {
        var training = Record(Today, Named("张三", 16m));
        training.RecordResult(training.Trainees[0].Id, TrainingResult.Passed, null, User, Now);
        var keep = new TraineeInput(training.Trainees[0].Id, null, "张三", "某单位", ProfessionalTitle.Engineer, 16m);

        Assert.Equal("results_before_end", Assert.Throws<DomainConflictException>(() =>
            training.Revise(Kinds, Details(Today, Today.AddDays(5)), [keep], User, Now)).Code);
        Assert.Equal("trainee_hours_out_of_range", Assert.Throws<DomainException>(() =>
            training.Revise(Kinds, Details(Today.AddDays(-1), Today, 8m), [keep], User, Now)).Code);

        // A revision that keeps the line by id keeps its result.
        training.Revise(Kinds, Details(Today.AddDays(-2), Today, 20m), [keep, Named("李四", 20m)], User, Now);
        Assert.Equal(TrainingResult.Passed, training.Trainees.Single(t => t.Name == "张三").Result);
        Assert.Null(training.Trainees.Single(t => t.Name == "李四").Result);
    }

    [Fact]
    public void A_pairing_needs_two_different_engineers_and_ends_once()
    {
        var mentor = Guid.NewGuid();
        Assert.Equal("mentor_is_trainee", Assert.Throws<DomainException>(() =>
            MentorPairing.Start(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Studio, "430100", mentor, mentor, Today, Today.AddYears(1), "目标", User, Now)).Code);
        Assert.Equal("end_before_start", Assert.Throws<DomainException>(() =>
            MentorPairing.Start(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Studio, "430100", mentor, Guid.NewGuid(), Today, Today.AddDays(-1), "目标", User, Now)).Code);

        var pairing = MentorPairing.Start(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Studio, "430100", mentor, Guid.NewGuid(), Today.AddMonths(-3), Today.AddMonths(9), "目标", User, Now);
        Assert.Equal(PairingStatus.InProgress, pairing.Status);
        Assert.Equal("required", Assert.Throws<DomainException>(() => pairing.Stop(" ", User, Now)).Code);
        pairing.Stop("学员调岗", User, Now);
        Assert.Equal((PairingStatus.Stopped, (DateOnly?)Today, "学员调岗"), (pairing.Status, pairing.EndedOn, pairing.StopReason));
        Assert.Equal("invalid_state", Assert.Throws<DomainConflictException>(() => pairing.Complete("成果", User, Now)).Code);

        var future = MentorPairing.Start(Guid.NewGuid(), Guid.NewGuid(), TrainingProgramme.Center, "430100", mentor, Guid.NewGuid(), Today.AddDays(3), Today.AddYears(1), "目标", User, Now);
        Assert.Equal("pairing_not_started", Assert.Throws<DomainConflictException>(() => future.Complete("成果", User, Now)).Code);
    }
}
