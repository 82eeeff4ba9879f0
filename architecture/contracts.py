"""An import-linter contract import-linter does not ship: apps meet only at each other's public face.

``public_api``: below ``container`` (danvan), every import from one app to another names one of
the ``public`` modules of the imported app (selectors, services, permissions) or something inside
them. ``shared`` packages (core, the ground) may be imported whole by anyone; ``top`` modules (urls,
settings, the demo composer) sit above the apps and may import anything of them. Imports inside
``if TYPE_CHECKING:`` are not counted (pyproject: exclude_type_checking_imports), so an app may name
another app's model in an annotation but not query it.
"""

from typing import Any, cast

from importlinter import Contract, ContractCheck, fields, output


class PublicApiContract(Contract):
    type_name = "public_api"

    container = fields.StringField()
    public = fields.ListField(subfield=fields.StringField())
    shared = fields.ListField(subfield=fields.StringField(), required=False)
    top = fields.ListField(subfield=fields.StringField(), required=False)

    def _app(self, module: str) -> str | None:
        prefix = f"{self.container}."
        if not module.startswith(prefix):
            return None
        return module[len(prefix) :].split(".", 1)[0]

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        # import-linter's fields are descriptors typed as the field, not as the value they hold.
        public: set[str] = set(cast(list[str], self.public))
        shared: set[str] = set(cast(list[str], self.shared or []))
        top: set[str] = set(cast(list[str], self.top or []))
        broken: list[tuple[str, str, list[int]]] = []
        for importer in sorted(graph.modules):
            source = self._app(importer)
            if source is None or source in top:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = self._app(imported)
                if target is None or target == source or target in shared:
                    continue
                rest = imported.split(".")[2:]
                if rest and rest[0] in public:
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                broken.append((importer, imported, [d["line_number"] for d in details]))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports of another app's internals (use its selectors or services):", bold=False)
        output.new_line()
        for importer, imported, lines in check.metadata["broken"]:
            output.print_error(f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False)
        output.new_line()
