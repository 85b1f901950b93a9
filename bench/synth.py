"""Synthetic corpus: distinct documents derived from the bundled sample, for benchmarks.

Each document keeps the sample's shape (sections, actions, tasks, attributions) but swaps units, months,
numbers and the year, and shuffles tasks within actions, so every document has its own content hash and the
graph grows realistically (shared units, different deadlines). One in four makes two of its deadlines recurring
(每月, 每季度, 每月10日前, 每季度结束后10日内), as supervision notices print them, so a corpus holds several kinds of
recurrence.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "qingdao-2024-industry-nine-actions.txt"
UNITS = ["市工业和信息化局", "市发展改革委", "市科技局", "市财政局", "市商务局", "市民营经济局", "市大数据局",
         "市自然资源和规划局", "市生态环境局", "市交通运输局", "市农业农村局", "市市场监管局", "市人力资源社会保障局",
         "市住房城乡建设局", "市文化和旅游局", "市卫生健康委", "市教育局", "市公安局", "市统计局", "市应急局"]
_UNIT_RE = re.compile("|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))))
_MONTH_RE = re.compile(r"完成时限:2024年(\d{1,2})月")
_NUMBER_RE = re.compile(r"(?<![\d年])(\d{2,4})(?=家|个|场|亿元)")
RECURRING = ("每月", "每季度", "每月10日前", "每季度结束后10日内")


def _task_blocks(text: str) -> list[str]:
    return re.split(r"(?m)(?=^  \d{1,2}\. )", text)


def variant(text: str, seed: int) -> str:
    """One synthetic document. The last task's block carries the rest of the page (the closing section and the
    web page's footer): it is cut off before the shuffle and kept at the end, or the footer would run into a
    task line in the middle of the document."""
    rng = random.Random(seed)
    year = 2020 + seed % 8
    mapping = dict(zip(UNITS, rng.sample(UNITS, len(UNITS)), strict=True))
    out = _UNIT_RE.sub(lambda m: mapping[m.group(0)], text)
    out = _MONTH_RE.sub(lambda m: f"完成时限:2024年{rng.randint(1, 12)}月", out)
    if seed % 4 == 0:
        out = _MONTH_RE.sub(lambda m: f"完成时限:{rng.choice(RECURRING)}", out, count=2)
    out = _NUMBER_RE.sub(lambda m: str(int(m.group(1)) + rng.randint(1, 50)), out)
    out = out.replace("2024", str(year)).replace(f"〔{year}〕3号", f"〔{year}〕{seed + 1}号")
    blocks = _task_blocks(out)
    head, tasks = blocks[0], blocks[1:]
    last_line = tasks[-1].index("\n") + 1
    tasks[-1], tail = tasks[-1][:last_line], tasks[-1][last_line:]
    rng.shuffle(tasks)
    return head + "".join(tasks) + tail + f"\n(编号 {seed})\n"


def corpus(n: int) -> list[tuple[str, bytes]]:
    text = SAMPLE.read_text(encoding="utf-8")
    return [(f"synthetic-{i:04d}.txt", variant(text, i).encode("utf-8")) for i in range(n)]
