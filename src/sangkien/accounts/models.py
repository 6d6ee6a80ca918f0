"""Users and their roles, organisations, processing units and expert profiles."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.core.fields import FIELDS


class Role(models.TextChoices):
    PROPOSER = "proposer", _("proposer")
    ORDERER = "orderer", _("orderer")
    EXPERT = "expert", _("expert")
    OFFICER = "officer", _("officer")
    INVESTOR = "investor", _("investor")
    ADMIN = "admin", _("administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.email


class RoleGrant(models.Model):
    """One role held by one user; a person can be a proposer and an expert at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("university")
    INSTITUTE = "institute", _("research institute")
    ENTERPRISE = "enterprise", _("enterprise")
    AGENCY = "agency", _("public agency")
    OTHER = "other", _("other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind.choices)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="organisations",
    )
    country = models.CharField(_("country"), max_length=2, default="VN")
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's affiliation, with dates: conflicts of interest look back several years."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    title = models.CharField(_("job title"), max_length=120, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class UnitLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")


class ProcessingUnit(models.Model):
    """A body that screens and routes initiatives, e.g. a province's Department of S&T."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    territory = models.ManyToManyField(
        "geo.Province", verbose_name=_("territory"), blank=True, related_name="units"
    )
    email = models.EmailField(_("contact email"), blank=True)
    screening_days = models.PositiveSmallIntegerField(
        _("screening deadline (working days)"), default=5)
    screening_checklist = models.JSONField(
        _("screening checklist"), default=list, blank=True,
        help_text=_("What an officer confirms before accepting an initiative for review, "
                    "one item per entry."))
    officers = models.ManyToManyField(User, through="UnitOfficer", related_name="units")

    class Meta:
        verbose_name = _("processing unit")
        verbose_name_plural = _("processing units")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class UnitOfficer(models.Model):
    unit = models.ForeignKey(ProcessingUnit, on_delete=models.CASCADE, related_name="postings")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="postings")
    is_leader = models.BooleanField(_("unit leader"), default=False)
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("unit officer")
        verbose_name_plural = _("unit officers")
        constraints = [
            models.UniqueConstraint(fields=["unit", "user"], name="one_posting_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


FIELD_CODES = frozenset(f.code for f in FIELDS)


class ExpertProfile(models.Model):
    """What an expert can review; experts abroad carry their country of residence."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="expert_profile")
    fields = models.JSONField(_("fields of science"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    country = models.CharField(_("country of residence"), max_length=2, default="VN")
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    publications = models.TextField(
        _("publications and past projects"), blank=True,
        help_text=_("One per line, with the co-authors' names: they are checked for conflicts "
                    "of interest."))
    available = models.BooleanField(_("available for review"), default=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_abroad(self) -> bool:
        return self.country != "VN"
