using Marketplace.Domain.Common;
using Marketplace.Domain.Engineers;

namespace Marketplace.Domain.Tests;

public sealed class EngineerCredentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid EngineerUser = Guid.NewGuid();
    private static readonly Guid Reviewer = Guid.NewGuid();
    private static readonly byte[] PdfBytes = [.. "%PDF-1.7\n"u8, 1, 2, 3];

    private static CredentialDetails Details(DateOnly? issued = null, DateOnly? expires = null, string name = "高级工程师职称证书") =>
        new(CredentialKind.ProfessionalTitle, name, "湖南省人力资源和社会保障厅", "HN-GJ-2019-00123", issued ?? new DateOnly(2019, 12, 1), expires);

    private static EngineerCredential Pending(EvidenceFile? evidence = null) =>
        EngineerCredential.Submit(Guid.NewGuid(), Guid.NewGuid(), Details(), evidence, EngineerUser, Now);

    [Fact]
    public void A_submitted_credential_waits_for_review_with_its_evidence_described()
    {
        var credential = Pending(EvidenceFile.Create("证书.pdf", PdfBytes));
        Assert.Equal(CredentialStatus.Pending, credential.Status);
        Assert.Equal("application/pdf", credential.EvidenceContentType);
        Assert.Equal(PdfBytes.Length, credential.EvidenceSize);
        Assert.Equal("证书.pdf", credential.EvidenceFileName);
        Assert.Equal("submit", Assert.Single(credential.Audit).Action);
        Assert.False(credential.IsValidOn(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void Verify_moves_pending_to_verified_once_and_records_the_reviewer()
    {
        var credential = Pending();
        credential.Verify(Reviewer, Now.AddHours(1));
        Assert.Equal(CredentialStatus.Verified, credential.Status);
        Assert.Equal(Reviewer, credential.ReviewedBy);
        Assert.True(credential.IsValidOn(new DateOnly(2026, 11, 23)));

        var again = Assert.Throws<DomainConflictException>(() => credential.Verify(Reviewer, Now.AddHours(2)));
        Assert.Equal("credential_not_pending", again.Code);
        Assert.Throws<DomainConflictException>(() => credential.Reject(Reviewer, "证书编号查无此证", Now.AddHours(2)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("不清楚")]
    public void Reject_needs_a_reason_of_five_to_five_hundred_characters(string reason)
    {
        var credential = Pending();
        var refused = Assert.Throws<DomainException>(() => credential.Reject(Reviewer, reason, Now));
        Assert.Equal("reason_length", refused.Code);
        Assert.Equal(CredentialStatus.Pending, credential.Status);
        Assert.Throws<DomainException>(() => credential.Reject(Reviewer, new string('长', 501), Now));
    }

    [Fact]
    public void Rejected_keeps_the_reason_and_can_no_longer_be_verified()
    {
        var credential = Pending();
        credential.Reject(Reviewer, "  证书编号在发证机构查询不到  ", Now);
        Assert.Equal(CredentialStatus.Rejected, credential.Status);
        Assert.Equal("证书编号在发证机构查询不到", credential.RejectionReason);
        Assert.Throws<DomainConflictException>(() => credential.Verify(Reviewer, Now));
        Assert.Equal(["submit", "reject"], credential.Audit.Select(a => a.Action));
    }

    [Fact]
    public void Pending_and_rejected_credentials_are_deleted_but_a_verified_one_is_retired_with_an_audit_line()
    {
        Assert.Equal(CredentialRemoval.Delete, Pending().Remove(EngineerUser, Now));

        var rejected = Pending();
        rejected.Reject(Reviewer, "扫描件不清晰，无法辨认", Now);
        Assert.Equal(CredentialRemoval.Delete, rejected.Remove(EngineerUser, Now));

        var verified = Pending();
        verified.Verify(Reviewer, Now);
        Assert.Equal(CredentialRemoval.Retire, verified.Remove(EngineerUser, Now.AddDays(1)));
        Assert.Equal(CredentialStatus.Removed, verified.Status);
        var last = verified.Audit[^1];
        Assert.Equal(("remove", CredentialStatus.Verified, CredentialStatus.Removed, EngineerUser), (last.Action, last.From, last.To, last.UserId));
        Assert.False(verified.IsValidOn(new DateOnly(2026, 11, 24)));

        Assert.Throws<DomainConflictException>(() => verified.Remove(EngineerUser, Now.AddDays(2)));
        Assert.Throws<DomainConflictException>(() => verified.Verify(Reviewer, Now.AddDays(2)));
    }

    [Fact]
    public void Dates_must_make_sense()
    {
        var future = Assert.Throws<DomainException>(() => EngineerCredential.Submit(Guid.NewGuid(), Guid.NewGuid(),
            Details(issued: new DateOnly(2026, 12, 1)), null, EngineerUser, Now));
        Assert.Equal("credential_issued_in_future", future.Code);

        var expiry = Assert.Throws<DomainException>(() => EngineerCredential.Submit(Guid.NewGuid(), Guid.NewGuid(),
            Details(issued: new DateOnly(2020, 1, 1), expires: new DateOnly(2020, 1, 1)), null, EngineerUser, Now));
        Assert.Equal("credential_expiry_invalid", expiry.Code);

        Assert.Throws<DomainException>(() => EngineerCredential.Submit(Guid.NewGuid(), Guid.NewGuid(), Details(name: " "), null, EngineerUser, Now));
    }

    [Fact]
    public void An_expired_verified_credential_no_longer_counts()
    {
        var credential = EngineerCredential.Submit(Guid.NewGuid(), Guid.NewGuid(),
            Details(issued: new DateOnly(2020, 1, 1), expires: new DateOnly(2025, 12, 31)), null, EngineerUser, Now);
        credential.Verify(Reviewer, Now);
        Assert.True(credential.IsValidOn(new DateOnly(2025, 12, 31)));
        Assert.False(credential.IsValidOn(new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0 }, null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, null)]
    public void The_file_type_comes_from_its_first_bytes(byte[] head, string? expected) =>
        Assert.Equal(expected, EvidenceFile.Detect(head));

    [Fact]
    public void Evidence_named_pdf_that_is_not_a_pdf_is_refused_and_names_are_cleaned()
    {
        var executable = Assert.Throws<DomainException>(() => EvidenceFile.Create("证书.pdf", [0x4D, 0x5A, 0x90, 0x00]));
        Assert.Equal("evidence_type", executable.Code);
        Assert.Equal("evidence_empty", Assert.Throws<DomainException>(() => EvidenceFile.Create("a.pdf", [])).Code);
        var tooLarge = new byte[EvidenceFile.MaxBytes + 1];
        PdfBytes.CopyTo(tooLarge, 0);
        Assert.Equal("evidence_too_large", Assert.Throws<DomainException>(() => EvidenceFile.Create("a.pdf", tooLarge)).Code);

        Assert.Equal("scan.pdf", EvidenceFile.Create("C:\\Users\\王\\scan.pdf", PdfBytes).FileName);
        Assert.Equal("evidence.pdf", EvidenceFile.Create(null, PdfBytes).FileName);
    }
}
