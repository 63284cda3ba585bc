"""goto and labels: programs Go rejects (labels declared twice or unused, jumps into blocks or
over variable declarations, labels of another function) are refused with go vet's message at
go vet's position; valid ones run in data/language/goto_labels.go against the real toolchains."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.test_language_typecheck import refused_where_go_vet_says

INVALID = {
    "jump over a declaration": "func main() {\n\tgoto L\n\tx := 1\n\t_ = x\nL:\n\tprintln()\n}\n",
    "jump into a block": "func main() {\n\tgoto L\n\t{\n\tL:\n\t\tprintln()\n\t}\n}\n",
    "jump into a loop": "func main() {\n\tgoto L\n\tfor {\n\tL:\n\t}\n}\n",
    "undeclared label": "func main() {\n\tgoto M\n}\n",
    "unused label": "func main() {\n\tx := 0\nL:\n\tx++\n\t_ = x\n}\n",
    "label of the enclosing function": "func main() {\n\tfunc() {\n\t\tgoto L\n\t}()\nL:\n}\n",
}
MESSAGES = {
    "jump over a declaration": "goto L jumps over variable declaration at line 5",
    "jump into a block": "goto L jumps into block",
    "jump into a loop": "goto L jumps into block",
    "undeclared label": "label M not declared",
    "unused label": "label L declared and not used",
    "label of the enclosing function": "label L not declared",
}


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_goto_is_refused_where_go_vet_says(name: str, tmp_path: Path) -> None:
    assert refused_where_go_vet_says(INVALID[name], tmp_path).message == MESSAGES[name]
