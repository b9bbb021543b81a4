"""Chinese messages: see checklists._catalog_zh."""

MESSAGES: dict[str, str] = {
}
