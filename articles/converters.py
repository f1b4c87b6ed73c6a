"""URL converters for reader URLs."""


class SlugTextConverter:
    """Any slug text except control characters: a NUL byte, which PostgreSQL
    cannot even compare, never reaches a query; the URL is a plain 404."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
