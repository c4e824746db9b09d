"""Command line: parse arguments into a small object and hand it to a command.

Exit codes: 0 all good, 1 the data has errors, 2 usage or environment problems.
Domain errors become messages here, at the edge; never a traceback for bad data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .findings import PortalError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "github")

def cmd_validate(args: argparse.Namespace) -> int:
    from .commands import run_validate

    return run_validate(Path(args.data), args.format)


def _add_data(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", metavar="DIR",
                   help="数据文件夹，内含 projects/ 和其他数据文件（默认 ./data）")


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="输出格式：text（默认）、json、github（GitHub Actions 注解）")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="portal",
        description="吉木萨尔县社会投资项目公开平台：校验数据、检查时限、生成网站。",
    )
    sub = root.add_subparsers(dest="command", metavar="命令", required=True)
    p = sub.add_parser("validate", help="校验全部数据文件（格式、引用、日期顺序）",
                       description="校验全部数据文件：YAML 格式、字段、跨文件引用和日期顺序。"
                                   "全部通过退出码 0，有错误 1，用法错误 2。")
    _add_data(p)
    _add_format(p)
    p.set_defaults(func=cmd_validate)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except PortalError as exc:
        print(f"portal: 错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
