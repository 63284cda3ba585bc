"""Heredocs: ``RUN <<EOF``, ``<<-EOF``, quoted delimiters, several per line, ``COPY <<EOF /dest``."""

from __future__ import annotations

import pytest

from stagebuild.dockerfile.errors import DockerfileError
from stagebuild.dockerfile.instructions import Copy, Onbuild, Run, parse_dockerfile
from stagebuild.dockerfile.parser import Heredoc, chomp_heredoc, parse, parse_heredoc_word
from stagebuild.dockerfile.scope import StageEnv


def _heredocs(source: str) -> list[tuple[Heredoc, ...]]:
    return [node.heredocs for node in parse(source).nodes]


def test_run_heredoc_takes_raw_lines_up_to_the_delimiter() -> None:
    docs = _heredocs("FROM a\nRUN <<EOF\n# not a comment\necho $X \\\n\tdone\nEOF\nRUN true\n")
    assert docs[1] == (
        Heredoc("EOF", "# not a comment\necho $X \\\n\tdone\n", expand=True, chomp=False, fd=0),
    )
    assert docs[2] == ()


def test_line_numbers_cover_the_heredoc_body() -> None:
    nodes = parse("FROM a\nRUN <<EOF\none\ntwo\nEOF\nRUN x\n").nodes
    assert (nodes[1].start_line, nodes[1].end_line) == (2, 5)
    assert nodes[2].start_line == 6


@pytest.mark.parametrize(
    ("word", "name", "expand", "chomp", "fd"),
    [
        ("<<EOF", "EOF", True, False, 0),
        ("<<-EOF", "EOF", True, True, 0),
        ("<<'EOF'", "EOF", False, False, 0),
        ('<<"EOF"', "EOF", False, False, 0),
        ('<<E"O"F', "EOF", False, False, 0),
        ("<< EOF", "EOF", True, False, 0),
        ("3<<EOF", "EOF", True, False, 3),
        ("<<eo\\'f", "eo'f", True, False, 0),
    ],
)
def test_heredoc_words(word: str, name: str, expand: bool, chomp: bool, fd: int) -> None:
    assert parse_heredoc_word(word) == Heredoc(name, "", expand=expand, chomp=chomp, fd=fd)


@pytest.mark.parametrize("word", ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh"])
def test_words_that_are_not_heredocs(word: str) -> None:
    assert parse_heredoc_word(word) is None


def test_chomp_with_indented_delimiter() -> None:
    docs = _heredocs("FROM a\nRUN <<-END\n\tone\n\t\ttwo\n\tEND\n")
    assert docs[1] == (Heredoc("END", "\tone\n\t\ttwo\n", expand=True, chomp=True, fd=0),)
    assert chomp_heredoc(docs[1][0].content) == "one\ntwo\n" == docs[1][0].body


def test_crlf_line_endings() -> None:
    result = parse("FROM a\r\nRUN one \\\r\n  two\r\nRUN <<EOF\r\nx\r\nEOF\r\n")
    assert result.dump() == '(from "a")\n(run "one   two")\n(run "<<EOF")\n'
    assert result.nodes[2].heredocs[0].content == "x\r\n"


def test_several_heredocs_on_one_line_are_read_in_order() -> None:
    docs = _heredocs("FROM a\nCOPY <<X <<Y /dest/\nY\nX\nX\nY\n")
    assert [(d.name, d.content) for d in docs[1]] == [("X", "Y\n"), ("Y", "X\n")]


def test_quoted_or_json_heredoc_markers_are_not_heredocs() -> None:
    docs = _heredocs('FROM a\nRUN echo "<<EOF"\nRUN ["cat", "<<EOF"]\nUSER <<EOF\n')
    assert docs[1:] == [(), (), ()]


def test_unterminated_heredoc_names_the_instruction_line() -> None:
    with pytest.raises(DockerfileError) as caught:
        parse("FROM a\n\nRUN <<EOF\necho\n", filename="Dockerfile")
    assert str(caught.value) == "Dockerfile:3: unterminated heredoc"


def test_copy_heredoc_becomes_an_inline_source_expanded_unless_quoted() -> None:
    df = parse_dockerfile(
        "FROM scratch\nENV WHO=world\nCOPY <<greet.txt <<'raw.txt' /out/\n"
        '\thello $WHO "q"\ngreet.txt\n$WHO\nraw.txt\nCOPY <<-T /t\n\tx $WHO\nT\n'
    )
    env = StageEnv.from_image(df)
    steps = [env.step(i) for i in df.stages[0].commands]
    first, second = steps[1], steps[2]
    assert isinstance(first, Copy) and isinstance(second, Copy)
    assert first.sources == () and first.dest == "/out/"
    assert [(s.name, s.data) for s in first.inline_sources] == [
        ("greet.txt", '\thello world "q"\n'),
        ("raw.txt", "$WHO\n"),
    ]
    assert second.inline_sources[0].data == "x world\n"


def test_heredoc_cannot_be_a_destination() -> None:
    with pytest.raises(DockerfileError, match="cannot accept a heredoc as a destination"):
        parse_dockerfile("FROM a\nCOPY x <<EOF\nEOF\n")


def test_run_heredoc_is_kept_raw_for_the_shell() -> None:
    df = parse_dockerfile("FROM a\nENV X=1\nRUN <<EOF bash\necho $X\nEOF\n")
    env = StageEnv.from_image(df)
    run = [env.step(i) for i in df.stages[0].commands][1]
    assert isinstance(run, Run)
    assert run.command == ("<<EOF bash",) and run.prepend_shell
    assert run.heredocs[0].content == "echo $X\n"


def test_onbuild_heredoc_is_carried_into_the_trigger_expression() -> None:
    df = parse_dockerfile("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n")
    onbuild = df.stages[0].commands[0]
    assert isinstance(onbuild, Onbuild)
    assert onbuild.expression == "RUN <<EOF\necho hi\nEOF"
    assert isinstance(onbuild.trigger, Run) and onbuild.trigger.heredocs[0].content == "echo hi\n"
