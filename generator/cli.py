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


def cmd_check(args: argparse.Namespace) -> int:
    from .commands import parse_as_of, run_check

    return run_check(Path(args.data), parse_as_of(args.as_of), args.base, args.format)


def cmd_export(args: argparse.Namespace) -> int:
    from .commands import parse_as_of, run_export

    return run_export(Path(args.data), parse_as_of(args.as_of), args.format,
                      Path(args.out) if args.out else None)


def cmd_new(args: argparse.Namespace) -> int:
    from .commands import parse_as_of, run_new

    answers = {k: getattr(args, k) for k in
               ("name", "unit", "investor", "investment", "industry", "township", "id")}
    return run_new(Path(args.data), answers, parse_as_of(args.as_of), sys.stdin.isatty())


def _add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="按哪一天计算时限（默认今天，按北京时间 Asia/Shanghai）")


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

    p = sub.add_parser("check", help="校验数据，并拒绝没有书面说明的逾期事项（CI 门禁）",
                       description="先校验全部数据，再按工作日计算各项时限；逾期或逾期办结而没有书面"
                                   "说明（delay_reason）的条目报错。加 --base 时只判断自该 git 引用以来"
                                   "改动过的项目文件，并拒绝没有更正说明地改写已截止月份的月报。")
    _add_data(p)
    _add_as_of(p)
    p.add_argument("--base", metavar="GITREF",
                   help="只检查自此 git 引用（如 origin/main）以来改动的项目文件")
    _add_format(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("export", help="导出带计算结果的数据（json）",
                       description="导出全部项目、审批时限和状态等计算结果。")
    p.add_argument("--format", choices=("json",), required=True, help="导出格式")
    _add_data(p)
    _add_as_of(p)
    p.add_argument("--out", metavar="FILE", help="输出文件（默认输出到屏幕）")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("new", help="新建一个项目文件（按模板生成，立即可通过校验）",
                       description="按模板新建项目文件，带中文注释说明每个字段。缺少的选项在终端中逐项询问。")
    _add_data(p)
    p.add_argument("--name", help="项目名称")
    p.add_argument("--unit", help="招引单位编号（见 data/units.yaml）")
    p.add_argument("--investor", help="投资企业名称")
    p.add_argument("--investment", help="计划总投资（万元）")
    p.add_argument("--industry", help="所属产业编号，例如 new_energy（默认 other）")
    p.add_argument("--township", help="乡镇或园区编号（见 data/townships.yaml）")
    p.add_argument("--id", help="项目编号（默认按 年份-产业-序号 自动生成）")
    _add_as_of(p)
    p.set_defaults(func=cmd_new)
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
