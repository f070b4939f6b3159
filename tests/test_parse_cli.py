"""``nekrolog parse``: one text, or JSONL with per-line errors."""

import json

from click.testing import CliRunner

from nekrolog.cli import cli

NOTICE = "Вчера в Кызыле простились с рядовым Алдын-оолом Ооржаком, погибшим 2 октября в зоне СВО."


def test_parse_one_text_from_file(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--published", "2024-10-08"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["relevant"] is True
    [m] = data["mentions"]
    assert (m["surname"], m["first_name"], m["death_date"], m["funeral_date"]) == (
        "Ооржак", "Алдын-оол", "2024-10-02", "2024-10-07")
    assert m["settlement"] == "Кызыл" and m["region"] == "RU-TY"


def test_parse_stdin_and_bad_published():
    runner = CliRunner()
    result = runner.invoke(cli, ["parse", "-", "--published", "2024-10-08"], input=NOTICE)
    assert result.exit_code == 0
    assert json.loads(result.output)["mentions"][0]["surname"] == "Ооржак"
    result = runner.invoke(cli, ["parse", "-", "--published", "вообще не дата"], input=NOTICE)
    assert result.exit_code != 0
    assert "not a date" in result.output


def test_parse_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code != 0
    assert "binary" in result.output


def test_jsonl_bad_lines_reported_others_processed(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": NOTICE, "published": "2024-10-08"}, ensure_ascii=False),
        json.dumps({"id": "b"}),
        "not json",
        json.dumps({"id": "c", "text": NOTICE, "published": "32.13.2024"}, ensure_ascii=False),
        json.dumps({"id": "d", "text": "Погода на выходные: солнечно.", "published": "2024-10-08"},
                   ensure_ascii=False),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b"\xff\xfe\n")
    result = CliRunner().invoke(cli, ["parse", "--jsonl", str(path)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "d"]
    assert out[0]["mentions"][0]["death_date"] == "2024-10-02"
    assert out[1]["relevant"] is False and out[1]["mentions"] == []
    err = result.stderr
    assert f"{path}:2: missing field(s): text" in err
    assert f"{path}:3: not JSON" in err
    assert f"{path}:4: bad 'published'" in err
    assert f"{path}:6: not UTF-8" in err
