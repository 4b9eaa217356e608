"""How a unit heads and signs its documents (Decree 30/2020, appendix I; docs/architecture.md §6):
the defaults that a unit's own data (Unit.symbol, letterhead_*, place, *_signature_title) overrides.
Plain functions of names and kinds, so a data migration can use them too."""

from __future__ import annotations

LOCAL_PREFIXES = ("Xã ", "Thị trấn ", "Phường ", "Đặc khu ")
# Small words an abbreviation skips ("Phòng Văn hóa và Thông tin" → "VHTT").
_SKIPPED = {"và", "-", "&"}


def place_of(name: str) -> str:
    """A commune's place name for the date line: "Xã Tân Trào" → "Tân Trào"."""
    for prefix in LOCAL_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def symbol_of(name: str) -> str:
    """An agency's abbreviation from its name, the way offices write it: "Phòng Tư pháp" → "TP",
    "Phòng Giáo dục và Đào tạo" → "GDĐT", "Văn phòng HĐND và UBND huyện" → "VP". An office sets
    its real symbol on the unit; this only fills the blank."""
    if name.startswith("Văn phòng"):
        return "VP"
    words = name.split()
    if words and words[0] in ("Phòng", "Cơ", "Ban", "Sở", "Trung"):
        words = words[2:] if words[:2] == ["Cơ", "quan"] or words[:2] == ["Trung", "tâm"] else words[1:]
    letters = [w[0].upper() for w in words if w.lower() not in _SKIPPED and w[0].isalpha() and w.lower() != "huyện"]
    return "".join(letters)[:12] or "CQ"


def head_title_of(name: str, local: bool) -> str:
    """How the head of a unit signs: "Chủ tịch" for a commune's People's Committee, "Chánh Văn
    phòng", "Chánh Thanh tra", "Trưởng phòng", "Giám đốc" (a department or centre), else
    "Thủ trưởng cơ quan"."""
    if local:
        return "Chủ tịch"
    for start, title in (
        ("Văn phòng", "Chánh Văn phòng"),
        ("Thanh tra", "Chánh Thanh tra"),
        ("Phòng", "Trưởng phòng"),
        ("Sở", "Giám đốc"),
        ("Trung tâm", "Giám đốc"),
        ("Ban", "Trưởng ban"),
        ("Cơ quan", "Trưởng cơ quan"),
    ):
        if name.startswith(start):
            return title
    return "Thủ trưởng cơ quan"


def deputy_title_of(head_title: str) -> str:
    """ "Trưởng phòng" → "Phó Trưởng phòng", "Chủ tịch" → "Phó Chủ tịch"."""
    return f"Phó {head_title[0].upper()}{head_title[1:]}" if head_title else "Cấp phó"


def signature_title(*, name: str, local: bool, head_title: str = "", deputy_title: str = "", deputy: bool) -> str:
    """The position a unit's head (or deputy) signs with: the unit's own titles, else the defaults."""
    head = head_title or head_title_of(name, local)
    return (deputy_title or deputy_title_of(head)) if deputy else head


LOCAL_KINDS = ("commune", "town", "ward")


def recorded_titles(apps, model_path: str, unit_path: str) -> None:
    """Data migrations: the position recorded under each signature was the membership's whole title
    ("Chủ tịch UBND xã Tân Trào"), which the Word files never printed; it becomes the position the
    signer signs with ("Chủ tịch", "Phó Trưởng phòng"), as signing records it from now on."""
    model = apps.get_model(*model_path.split("."))
    rows = model.objects.exclude(signed_by=None).select_related(unit_path)
    for row in rows.iterator():
        unit = row
        for part in unit_path.split("__"):
            unit = getattr(unit, part)
        title = signature_title(
            name=unit.name,
            local=unit.kind in LOCAL_KINDS,
            head_title=unit.head_signature_title,
            deputy_title=unit.deputy_signature_title,
            deputy=row.signing_mode == "KT.",
        )
        if row.signer_title != title:
            model.objects.filter(pk=row.pk).update(signer_title=title)


LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "tỉnh", "quận", "xã", "phường")


def level_of(authority_name: str) -> str:
    """The level an authority's name says: "UBND huyện Sơn Dương" → "huyện", "UBND tỉnh Tuyên
    Quang" → "tỉnh", "UBND xã Tân Trào" → "xã" (documents say "Chủ tịch UBND huyện", …)."""
    rest = authority_name.removeprefix("UBND").removeprefix("Ủy ban nhân dân").strip()
    return next((level for level in LEVELS if rest.lower().startswith(level)), "")


def units_below(level: str) -> str:
    """How a report names the units of an authority at `level`: "các cơ quan, đơn vị, UBND các xã,
    thị trấn" in a district, "…, UBND các xã, phường" in a province, "các cơ quan, đơn vị" in a commune."""
    if level in ("xã", "phường", "thị trấn", "đặc khu"):
        return "các cơ quan, đơn vị"
    if level == "tỉnh" or level == "thành phố":
        return "các cơ quan, đơn vị, UBND các xã, phường"
    return "các cơ quan, đơn vị, UBND các xã, thị trấn"
