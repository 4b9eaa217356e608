"""The organisation: the Authority, its units, people, positions, leaders, delegations, calendar exceptions."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from library import letterhead
from library.text import fold, search_words

from .acting import (
    NOWHERE,
    across_authorities,
    cross_authority_manager,
    required_authority_id,
    scoped_manager,
)


def today_local() -> date:
    """Today's local calendar date (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


class User(AbstractUser):
    """A person who signs in. Vietnamese names are kept whole, family name first."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class Authority(models.Model):
    """The body that issues directives (UBND huyện / tỉnh / xã); heads every generated document."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200, help_text=_("Ví dụ: UBND huyện Sơn Dương"))
    full_name = models.CharField(_("tên đầy đủ"), max_length=200, help_text=_("Ví dụ: Ủy ban nhân dân huyện Sơn Dương"))
    parent_name = models.CharField(_("cơ quan cấp trên"), max_length=200, help_text=_("Ví dụ: UBND tỉnh Tuyên Quang"))
    place = models.CharField(_("địa danh"), max_length=100, help_text=_("Dùng trong dòng địa danh, ngày tháng"))
    abbreviation = models.CharField(
        _("chữ viết tắt"), max_length=20, default="UBND", help_text=_("Dùng trong số, ký hiệu văn bản")
    )
    # Authorities are a tree (docs/architecture.md §17): a province and its communes.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan ban hành cấp trên"),
    )
    # A commune's People's Committee is also a unit of the province: it receives the province's
    # tasks there and its chairman signs what it sends up.
    unit = models.OneToOneField(
        "Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_authority",
        verbose_name=_("là đơn vị của cấp trên"),
        help_text=_("Ví dụ: UBND xã Tân Trào là đơn vị “Xã Tân Trào” của UBND tỉnh"),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(verbose_name=_("lịch sử cơ quan ban hành"))

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Authority | None:
        """The authority this request or job acts in (units.acting): None for a person with no role;
        `ScopeError` where none is acting (fails closed, never "the first one")."""
        authority_id = required_authority_id()
        return cls.objects.filter(pk=authority_id).first() if authority_id != NOWHERE else None

    @classmethod
    def current_root_id(cls) -> int | None:
        """The first authority at the top of the tree: where a system administrator starts."""
        return cls.objects.filter(parent__isnull=True).order_by("sort_order", "pk").values_list("pk", flat=True).first()

    def ancestors(self) -> list[Authority]:
        """The authorities above this one, nearest first."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class AuthorityOwned(models.Model):
    """Base of the models an authority owns: uniqueness and constraint checks are database-wide
    facts, so they read across authorities (a unit code another authority uses is a form error,
    not an IntegrityError)."""

    class Meta:
        abstract = True

    def _perform_unique_checks(self, unique_checks):
        with across_authorities("a unique value is unique in the whole database"):
            return super()._perform_unique_checks(unique_checks)

    def _perform_date_checks(self, date_checks):
        with across_authorities("a unique value is unique in the whole database"):
            return super()._perform_date_checks(date_checks)

    def validate_constraints(self, exclude=None):
        with across_authorities("a constraint holds in the whole database"):
            return super().validate_constraints(exclude=exclude)


class FoldedSearch(models.Model):
    """A row found by accent-insensitive search (docs/architecture.md §10): `search_text` holds
    `fold(search_source())`, kept on every save; bulk writers call `refresh_search_text()` first."""

    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def search_source(self) -> str:
        raise NotImplementedError

    def refresh_search_text(self) -> None:
        # Labels in the source (a directive's kind) are folded in Vietnamese, whatever language the
        # person saving reads: the stored text must not depend on who saved it last.
        with translation.override("vi"):
            self.search_text = fold(self.search_source())


def fill_search_text(rows):
    """What save() does to `search_text`, for code that writes with bulk_create / bulk_update (which
    call no save()): `fill_search_text(rows)` before `Model.objects.bulk_create(rows)`. Returns `rows`."""
    rows = list(rows)
    for row in rows:
        row.refresh_search_text()
    return rows


def matching(queryset: models.QuerySet, query: str, *fields: str) -> models.QuerySet:
    """Rows where every folded word of `query` is in one of the folded `fields` ("search_text" by
    default; "task__search_text", …); no rows for a query with no word in it."""
    words = search_words(query)
    if not words:
        return queryset.none()
    for word in words:
        found = Q()
        for field in fields or ("search_text",):
            found |= Q(**{f"{field}__contains": word})
        queryset = queryset.filter(found)
    return queryset


def scoped_by_unit(queryset: models.QuerySet, user, field: str) -> models.QuerySet:
    """The one scoping rule for rows that belong to a unit through `field` ("unit_id",
    "assignment__unit_id"): the user's units, or every unit of the authority they act in
    (docs/architecture.md §7, §17)."""
    from .roles import roles_of, visible_unit_ids  # roles reads these models: a circle, broken here

    ids = visible_unit_ids(user)
    if ids is not None:
        return queryset.filter(**{f"{field}__in": ids})
    unit = field.removesuffix("_id")
    return queryset.filter(**{f"{unit}__authority_id": roles_of(user).authority_id})


def _active_on(prefix: str, on: date) -> Q:
    """Rows whose [start_date, end_date] range contains `on` (an open end means still in force)."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan, đơn vị")
    COMMUNE = "commune", _("Xã")
    TOWN = "town", _("Thị trấn")
    WARD = "ward", _("Phường")
    OTHER = "other", _("Khác")


LOCAL_GOVERNMENT_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD)


class SpecialRole(models.TextChoices):
    NONE = "", _("Không")
    OFFICE = "office", _("Văn phòng HĐND và UBND")
    HOME_AFFAIRS = "home_affairs", _("Cơ quan Tổ chức - Nội vụ")


class UnitQuerySet(models.QuerySet):
    """Chainable filters over units; `visible_to` is the one scoping rule (docs/architecture.md §7)."""

    def visible_to(self, user) -> UnitQuerySet:
        from .roles import roles_of, visible_unit_ids  # roles reads these models: a circle, broken here

        ids = visible_unit_ids(user)
        return self.filter(authority_id=roles_of(user).authority_id) if ids is None else self.filter(pk__in=ids)

    def local_governments(self) -> UnitQuerySet:
        return self.filter(kind__in=LOCAL_GOVERNMENT_KINDS)

    def agencies(self) -> UnitQuerySet:
        return self.exclude(kind__in=LOCAL_GOVERNMENT_KINDS)

    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)


class Unit(AuthorityOwned, FoldedSearch):
    """A body that receives tasks: an agency, a commune or town; a tree of any depth."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="units", verbose_name=_("cơ quan ban hành")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    code = models.SlugField(
        _("mã đơn vị"), max_length=40, unique=True, help_text=_("Mã ổn định, không đổi khi đổi tên")
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices, default=UnitKind.AGENCY)
    special_role = models.CharField(
        _("nhiệm vụ đặc biệt"),
        max_length=20,
        choices=SpecialRole.choices,
        default=SpecialRole.NONE,
        blank=True,
        help_text=_("Văn phòng theo dõi, đôn đốc; Tổ chức - Nội vụ tổng hợp báo cáo quý"),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # How the unit heads and signs its documents (library.letterhead; docs/architecture.md §6).
    symbol = models.CharField(
        _("chữ viết tắt"),
        max_length=20,
        blank=True,
        help_text=_("Trong số, ký hiệu văn bản: “05/BC-TP”. Để trống: UBND cho UBND xã; viết tắt tên cho cơ quan."),
    )
    letterhead_parent = models.CharField(
        _("dòng cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_(
            "Dòng trên tên cơ quan ở đầu văn bản, ví dụ: UBND HUYỆN SƠN DƯƠNG. Để trống: cơ quan dùng tên cơ quan "
            "ban hành; UBND xã không có dòng này."
        ),
    )
    letterhead_name = models.TextField(
        _("tên cơ quan ở đầu văn bản"),
        max_length=200,
        blank=True,
        help_text=_(
            "Mỗi dòng một dòng in, ví dụ: ỦY BAN NHÂN DÂN / XÃ TÂN TRÀO (xuống dòng giữa hai phần). Để trống: theo "
            "tên đơn vị."
        ),
    )
    place = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Trong dòng địa danh, ngày tháng. Để trống: tên xã, hoặc địa danh của cơ quan ban hành."),
    )
    head_signature_title = models.CharField(
        _("chức vụ cấp trưởng khi ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Trưởng phòng, Chánh Văn phòng, Chủ tịch. Để trống: theo loại đơn vị."),
    )
    deputy_signature_title = models.CharField(
        _("chức vụ cấp phó khi ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Phó Trưởng phòng. Để trống: “Phó” và chức vụ cấp trưởng."),
    )

    objects = scoped_manager(UnitQuerySet)
    all_authorities = cross_authority_manager(UnitQuerySet)
    # Administrators of each authority manage its units in the app (docs/architecture.md §17).
    history = HistoricalRecords(verbose_name=_("lịch sử đơn vị"), excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "special_role"],
                condition=~Q(special_role=""),
                name="unit_one_per_special_role",
                violation_error_message=_("Mỗi nhiệm vụ đặc biệt chỉ gán cho một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def search_source(self) -> str:
        return " ".join((self.name, self.short_name, self.code))

    def clean(self):
        # Walk up the tree: a unit may not become its own ancestor.
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None or node.pk in seen:
                raise ValidationError({"parent": _("Đơn vị cấp trên tạo thành vòng lặp.")})
            seen.add(node.pk)
            node = node.parent

    @property
    def is_local_government(self) -> bool:
        return self.kind in LOCAL_GOVERNMENT_KINDS

    # ---- documents (library.letterhead) -----------------------------------------------------

    @property
    def document_symbol(self) -> str:
        """ "TP", "VP", "TCNV"; "UBND" for a commune's People's Committee."""
        if self.symbol:
            return self.symbol
        return self.authority.abbreviation if self.is_local_government else letterhead.symbol_of(self.name)

    @property
    def document_parent(self) -> str:
        """The line above the issuing body; none for a commune's People's Committee."""
        if self.letterhead_parent:
            return self.letterhead_parent
        return "" if self.is_local_government else self.authority.name

    @property
    def document_issuer(self) -> str:
        """The issuing body as printed, lines separated by newlines: "ỦY BAN NHÂN DÂN\nXÃ TÂN TRÀO"."""
        if self.letterhead_name:
            return self.letterhead_name
        return f"Ủy ban nhân dân\n{self.name}" if self.is_local_government else self.name

    @property
    def document_place(self) -> str:
        if self.place:
            return self.place
        return letterhead.place_of(self.name) if self.is_local_government else self.authority.place

    def signature_title(self, deputy: bool = False) -> str:
        """How the head (or a deputy) of this unit signs: "Trưởng phòng", "Phó Chủ tịch"."""
        return letterhead.signature_title(
            name=self.name,
            local=self.is_local_government,
            head_title=self.head_signature_title,
            deputy_title=self.deputy_signature_title,
            deputy=deputy,
        )

    @property
    def head_title(self) -> str:
        """How the head of this unit is called in documents."""
        if self.kind == UnitKind.TOWN:
            return _("Chủ tịch UBND thị trấn")
        if self.kind == UnitKind.WARD:
            return _("Chủ tịch UBND phường")
        if self.kind == UnitKind.COMMUNE:
            return _("Chủ tịch UBND xã")
        return _("Thủ trưởng cơ quan")


class Position(models.TextChoices):
    HEAD = "head", _("Cấp trưởng")
    DEPUTY = "deputy", _("Cấp phó")
    OFFICER = "officer", _("Chuyên viên")


class MembershipQuerySet(models.QuerySet):
    """Chainable filters over memberships."""

    def active(self, on: date | None = None) -> MembershipQuerySet:
        return self.filter(_active_on("", on or today_local()))

    def visible_to(self, user) -> MembershipQuerySet:
        return scoped_by_unit(self, user, "unit_id")

    def by_rank(self) -> MembershipQuerySet:
        """Head first, then deputies, then officers; by name within a rank."""
        rank = models.Case(
            *(models.When(position=p, then=i) for i, p in enumerate(Position.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "user__full_name")


class Membership(AuthorityOwned):
    """A person's position (chức vụ) in a unit for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    position = models.CharField(_("vị trí"), max_length=20, choices=Position.choices)
    title = models.CharField(
        _("chức danh"), max_length=150, blank=True, help_text=_("Ví dụ: Chủ tịch UBND xã, Phó Trưởng phòng")
    )
    start_date = models.DateField(_("từ ngày"), default=today_local)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    # Set by the authority above (docs/architecture.md §17): this person administers the authority
    # of the unit — its units, people, leaders — in the app's own pages.
    administers = models.BooleanField(
        _("quản trị cơ quan ban hành"),
        default=False,
        help_text=_("Người này quản trị đơn vị, cán bộ, lãnh đạo của cơ quan ban hành (do cấp trên giao)"),
    )

    objects = scoped_manager(MembershipQuerySet, "unit__authority")
    all_authorities = cross_authority_manager(MembershipQuerySet)
    # Heads manage their own unit's people on its page (units.services): who changed what, kept.
    history = HistoricalRecords(verbose_name=_("lịch sử chức vụ"))

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["unit__sort_order", "unit__name", "position", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.title or self.get_position_display()}, {self.unit}"

    def clean(self):
        if self.position != Position.HEAD or not self.unit_id or not self.start_date:
            return
        # One head at a time: an overlapping head membership is a data-entry mistake.
        overlapping = Membership.objects.filter(unit_id=self.unit_id, position=Position.HEAD).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date:
            overlapping = overlapping.filter(start_date__lte=self.end_date)
        if overlapping.exists():
            raise ValidationError(_("Đơn vị đã có cấp trưởng trong khoảng thời gian này."))


class LeaderPosition(models.TextChoices):
    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch")


class LeaderQuerySet(models.QuerySet):
    """Chainable filters over the Authority's leaders."""

    def active(self, on: date | None = None) -> LeaderQuerySet:
        return self.filter(_active_on("", on or today_local()))


class Leader(AuthorityOwned):
    """A Chairman or Vice Chairman of the Authority, with the fields they are in charge of."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="leaders", verbose_name=_("cơ quan ban hành")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="leaderships", verbose_name=_("người"))
    position = models.CharField(_("chức vụ"), max_length=20, choices=LeaderPosition.choices)
    portfolio = models.CharField(_("lĩnh vực phụ trách"), max_length=200, blank=True)
    start_date = models.DateField(_("từ ngày"), default=today_local)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = scoped_manager(LeaderQuerySet)
    all_authorities = cross_authority_manager(LeaderQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử lãnh đạo"))

    class Meta:
        verbose_name = _("lãnh đạo UBND")
        verbose_name_plural = _("lãnh đạo UBND")
        ordering = ["position", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="leader_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.user}"


class DelegationQuerySet(models.QuerySet):
    """Chainable filters over delegations."""

    def active(self, on: date | None = None) -> DelegationQuerySet:
        return self.filter(_active_on("", on or today_local()))


class Delegation(AuthorityOwned):
    """A recorded delegation: a deputy may sign for the head ("KT.") within a date range."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("đơn vị"))
    deputy = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="delegations_received", verbose_name=_("cấp phó được giao")
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations_granted", verbose_name=_("cấp trưởng giao")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    reference = models.CharField(
        _("văn bản giao"), max_length=200, blank=True, help_text=_("Số, ngày văn bản phân công ký thay")
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    objects = scoped_manager(DelegationQuerySet, "unit__authority")
    all_authorities = cross_authority_manager(DelegationQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử ủy quyền"))

    class Meta:
        verbose_name = _("ủy quyền ký thay")
        verbose_name_plural = _("ủy quyền ký thay")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="delegation_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} KT. {self.unit} ({self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y})"

    def clean(self):
        if not (self.unit_id and self.deputy_id and self.start_date):
            return
        memberships = Membership.objects.filter(unit_id=self.unit_id).active(self.start_date)
        if not memberships.filter(user_id=self.deputy_id, position=Position.DEPUTY).exists():
            raise ValidationError({"deputy": _("Người được giao ký thay phải là cấp phó của đơn vị.")})
        if self.granted_by_id and not memberships.filter(user_id=self.granted_by_id, position=Position.HEAD).exists():
            raise ValidationError({"granted_by": _("Người giao ký thay phải là cấp trưởng của đơn vị.")})


class CalendarExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ thêm")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarException(models.Model):
    """A day-swap from a government notice: an extra day off, or a weekend day made a working day.
    It applies to its authority and every authority below it (a province's day off to its
    communes); one without an authority applies everywhere (docs/architecture.md §17)."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_exceptions",
        verbose_name=_("cơ quan ban hành"),
        help_text=_("Để trống: áp dụng cho mọi cơ quan. Có: cho cơ quan này và các cơ quan cấp dưới."),
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=CalendarExceptionKind.choices)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    reference = models.CharField(
        _("căn cứ"), max_length=200, blank=True, help_text=_("Ví dụ: Thông báo số .../TB-LĐTBXH")
    )

    history = HistoricalRecords(verbose_name=_("lịch sử ngày nghỉ/làm bù"))

    class Meta:
        verbose_name = _("ngày nghỉ/làm bù")
        verbose_name_plural = _("ngày nghỉ/làm bù")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(authority__isnull=True),
                name="calendar_exception_once_everywhere",
                violation_error_message=_("Ngày này đã được ghi."),
            ),
            models.UniqueConstraint(
                fields=["authority", "date"],
                condition=Q(authority__isnull=False),
                name="calendar_exception_once_per_authority",
                violation_error_message=_("Ngày này đã được ghi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_date = instance.__dict__.get("date")
        return instance

    def changed_dates(self) -> set[date]:
        """The days whose deadlines this change can move: the date it stands on now and, when an
        administrator moved it, the date it stood on before."""
        days = {_as_date(self.date)}
        stored = getattr(self, "_stored_date", None)
        if stored is not None:
            days.add(_as_date(stored))
        return days

    def mark_stored(self) -> None:
        self._stored_date = self.date


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class Notification(models.Model):
    """An in-app notice to one person; `key` makes a repeated job a no-op (one notice per key)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận"))
    key = models.CharField(_("khóa chống trùng"), max_length=200)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self) -> str:
        return self.subject


class JobRunStatus(models.TextChoices):
    DONE = "done", _("Đã xong")
    SKIPPED = "skipped", _("Không có gì để làm")


class JobRun(models.Model):
    """One run of a periodic job for one period (e.g. weekly:2026-W48). The unique key makes a second
    trigger a no-op; the run row and the job's result are written in one transaction (docs/architecture.md §5)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    kind = models.CharField(_("loại việc"), max_length=40)
    period = models.CharField(_("kỳ"), max_length=20)
    status = models.CharField(_("kết quả"), max_length=20, choices=JobRunStatus.choices, default=JobRunStatus.DONE)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), auto_now_add=True)
    forced_at = models.DateTimeField(_("chạy lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt chạy định kỳ")
        verbose_name_plural = _("lượt chạy định kỳ")
        ordering = ["-finished_at"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind", "period"], name="job_run_once_per_authority_period")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.period} ({self.authority_id})"


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("Đang tạo")
    READY = "ready", _("Đã có")
    FAILED = "failed", _("Không tạo được")


class RenderedPdf(models.Model):
    """The PDF of one state of a Word document (library.pdf): `key` names the document and its state
    ("rollup:12:issued"), the Word file waits in private storage until the job converts it."""

    key = models.CharField(_("mã văn bản"), max_length=120, unique=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    docx = models.FileField(_("tệp Word"), upload_to="pdf/", blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="pdf/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản PDF")
        verbose_name_plural = _("bản PDF")

    def __str__(self) -> str:
        return self.key


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")


class Export(models.Model):
    """An Excel file too large to build inside a request (units.exports): who asked, what (`kind`
    and the request's parameters), how far the job got, the file while it is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="exports", verbose_name=_("người yêu cầu"))
    kind = models.CharField(_("loại"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    source = models.CharField(_("trang yêu cầu"), max_length=500, blank=True)
    title = models.CharField(_("tên"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)
    file = models.FileField(_("tệp"), upload_to="exports/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("giữ đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp xuất")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ áp dụng")
    APPLIED = "applied", _("Đã nhập")
    CANCELLED = "cancelled", _("Đã hủy")


class OrganisationImport(AuthorityOwned):
    """An Excel file of units and people an authority's administrator uploaded (units.onboarding):
    checked row by row when uploaded, shown as a preview, applied all at once or not at all."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan"))
    file_name = models.CharField(_("tên tệp"), max_length=200)
    content = models.BinaryField(_("nội dung tệp"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    applied_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)

    objects = scoped_manager()
    all_authorities = cross_authority_manager()

    class Meta:
        verbose_name = _("tệp nhập đơn vị, cán bộ")
        verbose_name_plural = _("tệp nhập đơn vị, cán bộ")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name
