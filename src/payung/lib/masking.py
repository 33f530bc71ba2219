"""Masking of personal data for roles that must not see it (UU 27/2022 on personal data protection)."""


def mask_nik(nik: str) -> str:
    """'1302031508950001' -> '1302********0001': the regency stays readable, the person does not."""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_phone(phone: str) -> str:
    """'081234567890' -> '0812****7890'."""
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 8) + phone[-4:]


def mask_name(name: str) -> str:
    """'Siti Rahma' -> 'S*** R****': initials only."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


# Counts of fewer people than this are not shown to viewers or the public: a cell of 1 to 4 people in a
# village or an occupation can point at who they are.
SMALL_COUNT = 5


def suppress_small(count: int | None) -> int | str | None:
    """A count as a viewer or the public may see it: 0 and 5 or more as they are, 1 to 4 as '< 5'."""
    if count is None or count == 0 or count >= SMALL_COUNT:
        return count
    return f"< {SMALL_COUNT}"
