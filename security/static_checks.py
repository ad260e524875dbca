"""The checks that read the code: bandit, ruff's security rules (flake8-bandit,
`S`) and semgrep with the project's own rules (security/semgrep/), whose
tests run first so that a rule that cannot fire fails the run."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from report import Result, grouped, plural

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SEMGREP = ROOT / ".tools" / "semgrep" / "bin" / "semgrep"
RULES = ROOT / "security" / "semgrep"
NOQA_S = re.compile(r"#\s*noqa:[^#]*\bS\d{3}")
NOSEC = re.compile(r"#\s*nosec\b")
NOSEMGREP = re.compile(r"#\s*nosemgrep\b")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                          **kwargs)


def _count_comments(pattern: re.Pattern, suffixes: tuple[str, ...] = (".py",)) -> int:
    return sum(len(pattern.findall(path.read_text(encoding="utf-8")))
               for path in (ROOT / "app").rglob("*") if path.suffix in suffixes)


def bandit() -> Result:
    """Medium and high severity, any confidence, on app/."""
    done = _run([str(BIN / "bandit"), "-r", "app", "--severity-level", "medium",
                 "-f", "json", "-q"])
    report = json.loads(done.stdout)
    details = [f"{item['filename']}:{item['line_number']}: {item['test_id']} "
               f"({item['issue_severity'].lower()}) {item['issue_text']}"
               for item in report["results"]]
    details += [f"error: {error['filename']}: {error['reason']}" for error in report["errors"]]
    totals = report["metrics"]["_totals"]
    files = len(report["metrics"]) - 1
    findings = len(report["results"]) + len(report["errors"])
    return Result("bandit", findings, (
        f"{plural(findings, 'finding')} (medium+ severity, {grouped(totals['loc'])} lines "
        f"in {files} files of app/, {_count_comments(NOSEC)} justified # nosec)"), details)


def ruff_security() -> Result:
    """ruff's flake8-bandit rules (S...), the same as in `make lint`, counted."""
    done = _run([str(BIN / "ruff"), "check", "--select", "S", "--output-format", "json",
                 "--no-cache", "app/"])
    findings = json.loads(done.stdout or "[]")
    details = [f"{Path(item['filename']).relative_to(ROOT)}:{item['location']['row']}: "
               f"{item['code']} {item['message']}" for item in findings]
    rules = _run([str(BIN / "ruff"), "rule", "--all", "--output-format", "json"])
    s_rules = sum(1 for rule in json.loads(rules.stdout)
                  if rule["linter"] == "flake8-bandit" and not rule["preview"])
    return Result("ruff S", len(findings), (
        f"{plural(len(findings), 'finding')} ({s_rules} flake8-bandit rules on app/, "
        f"{_count_comments(NOQA_S)} justified # noqa: S…)"), details)


def semgrep() -> Result:
    """`semgrep --test` on the rules, then a scan of app/ (Python and templates),
    offline: local rules only, no metrics, no version check."""
    env = {**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"}
    offline = ["--metrics=off", "--disable-version-check", "--config", str(RULES)]
    tested = _run([str(SEMGREP), "--test", "--json", *offline, str(RULES / "tests")], env=env)
    details, failed_tests, rule_tests = [], 0, 0
    try:
        test_report = json.loads(tested.stdout)
    except ValueError:
        return Result("semgrep", 1, "could not run its rule tests", [tested.stderr[-2000:]])
    for checks in test_report["results"].values():
        for rule_id, check in checks["checks"].items():
            rule_tests += 1
            if not check["passed"]:
                failed_tests += 1
                for test_file, lines in check["matches"].items():
                    details.append(f"rule test failed: {rule_id} on {Path(test_file).name}: "
                                   f"expected lines {lines['expected_lines']}, "
                                   f"reported {lines['reported_lines']}")
    for missing in test_report["config_missing_tests"]:
        failed_tests += 1
        details.append(f"rule without a test file: {missing}")
    for broken in test_report["config_with_errors"]:
        failed_tests += 1
        details.append(f"rule with errors: {broken}")

    scanned = _run([str(SEMGREP), "scan", "--json", "--quiet", *offline, "app/"], env=env)
    scan = json.loads(scanned.stdout)
    for item in scan["results"]:
        rule = item["check_id"].rsplit(".", 1)[-1]
        details.append(f"{item['path']}:{item['start']['line']}: {rule}")
    details += [f"error: {error.get('message', error)}" for error in scan["errors"]]
    findings = len(scan["results"]) + len(scan["errors"]) + failed_tests
    files = len(scan["paths"]["scanned"])
    return Result("semgrep", findings, (
        f"{plural(len(scan['results']), 'finding')} ({rule_tests} local rules on {files} files "
        f"of app/; rule tests {rule_tests - failed_tests}/{rule_tests} passed; "
        f"{_count_comments(NOSEMGREP, ('.py', '.html'))} justified nosemgrep)"), details)
