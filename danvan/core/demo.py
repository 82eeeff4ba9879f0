"""What a demo loader created, counted by kind and printed by `manage.py load_demo` (danvan.demo)."""

from dataclasses import dataclass, field


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # printed after the counts, one per line

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def __str__(self) -> str:
        if not self.created:
            return "không có gì mới (đã nạp trước đó)"
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items()))
        return "\n".join([counts, *self.notes])
