"""URL converters that accept only plausible ids, so odd input is a 404 before any MemoryApi call."""


class UserIdConverter:
    # Letters, digits and . _ @ - ; up to 128 characters; must start with a letter or digit.
    regex = r"[A-Za-z0-9][A-Za-z0-9._@-]{0,127}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class MemoryIdConverter:
    # MemoryApi ids are GUIDs; accept hex and dashes only.
    regex = r"[0-9A-Fa-f-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
