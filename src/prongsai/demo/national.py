"""A national results file for the demo and the benchmark: generated (the NACC publishes its tables as
documents), in the shape of the real ones, over the country's 77 provinces (Bangkok is one local government of
its own kind), with national averages near the published ones."""

from __future__ import annotations

import random

from prongsai.core.spreadsheet import csv_text

PROVINCES = [
    "กระบี่",
    "กาญจนบุรี",
    "กาฬสินธุ์",
    "กำแพงเพชร",
    "ขอนแก่น",
    "จันทบุรี",
    "ฉะเชิงเทรา",
    "ชลบุรี",
    "ชัยนาท",
    "ชัยภูมิ",
    "ชุมพร",
    "เชียงราย",
    "เชียงใหม่",
    "ตรัง",
    "ตราด",
    "ตาก",
    "นครนายก",
    "นครปฐม",
    "นครพนม",
    "นครราชสีมา",
    "นครศรีธรรมราช",
    "นครสวรรค์",
    "นนทบุรี",
    "นราธิวาส",
    "น่าน",
    "บึงกาฬ",
    "บุรีรัมย์",
    "ปทุมธานี",
    "ประจวบคีรีขันธ์",
    "ปราจีนบุรี",
    "ปัตตานี",
    "พระนครศรีอยุธยา",
    "พะเยา",
    "พังงา",
    "พัทลุง",
    "พิจิตร",
    "พิษณุโลก",
    "เพชรบุรี",
    "เพชรบูรณ์",
    "แพร่",
    "ภูเก็ต",
    "มหาสารคาม",
    "มุกดาหาร",
    "แม่ฮ่องสอน",
    "ยโสธร",
    "ยะลา",
    "ร้อยเอ็ด",
    "ระนอง",
    "ระยอง",
    "ราชบุรี",
    "ลพบุรี",
    "ลำปาง",
    "ลำพูน",
    "เลย",
    "ศรีสะเกษ",
    "สกลนคร",
    "สงขลา",
    "สตูล",
    "สมุทรปราการ",
    "สมุทรสงคราม",
    "สมุทรสาคร",
    "สระแก้ว",
    "สระบุรี",
    "สิงห์บุรี",
    "สุโขทัย",
    "สุพรรณบุรี",
    "สุราษฎร์ธานี",
    "สุรินทร์",
    "หนองคาย",
    "หนองบัวลำภู",
    "อ่างทอง",
    "อำนาจเจริญ",
    "อุดรธานี",
    "อุตรดิตถ์",
    "อุทัยธานี",
    "อุบลราชธานี",
]
BANGKOK = "กรุงเทพมหานคร"
# Mean and spread of the totals by assessment year, near the national averages on record (review-2026-11.md).
YEARS = {2566: (90.2, 7.5), 2567: (93.0, 5.5), 2568: (93.8, 5.0)}
TYPES = (
    ("อบต.", "องค์การบริหารส่วนตำบล", 68),
    ("ทต.", "เทศบาลตำบล", 28),
    ("ทม.", "เทศบาลเมือง", 3),
    ("ทน.", "เทศบาลนคร", 1),
)
HEADER = ["รหัส", "ชื่อหน่วยงาน", "ประเภท", "อำเภอ", "จังหวัด", "ปี", "คะแนน", "ระดับ/ผลการประเมิน"]
HEADER += [str(n) for n in range(1, 11)]


def _grade(year: int, total: float, tools: tuple[float, float, float]) -> str:
    if year <= 2566:
        bands = ((95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"))
        return next((label for low, label in bands if total >= low), "F")
    if total >= 95 and min(tools) >= 95:
        return "ผ่านดีเยี่ยม"
    if total >= 85 and min(tools) >= 85:
        return "ผ่านดี"
    return "ผ่าน" if total >= 85 else "ต้องปรับปรุง" if total >= 70 else "ต้องปรับปรุงโดยด่วน"


def national_results(organisations: int = 3000, seed: int = 2568) -> bytes:
    """CSV of `organisations` local governments × the years above, indicator scores included; the total and
    the grade computed from them as the frameworks do (30/30/40, each tool the mean of its indicators)."""
    rng = random.Random(seed)
    weights = [w for *_, w in TYPES]
    rows: list[dict[str, object]] = []
    for n in range(1, organisations + 1):
        province = PROVINCES[n % len(PROVINCES)]
        district = f"เมือง{province}" if n % 5 == 0 else f"อำเภอที่ {n % 7 + 1}"
        short, long, _ = rng.choices(TYPES, weights)[0]
        name = f"{long}ทดลอง{n}"
        strength = rng.gauss(0, 1)
        for year, (mean, spread) in YEARS.items():
            indicators = [
                max(0.0, min(100.0, rng.gauss(mean + spread * strength * 0.8, spread * 0.6)))
                for _ in range(10)
            ]
            indicators = [round(v, 2) for v in indicators]
            tools = (sum(indicators[:5]) / 5, sum(indicators[5:8]) / 3, sum(indicators[8:]) / 2)
            total = round(0.3 * tools[0] + 0.3 * tools[1] + 0.4 * tools[2], 2)
            cells = [
                f"{n:05d}",
                name,
                short,
                district,
                province,
                year,
                f"{total:.2f}",
                _grade(year, total, tools),
            ]
            rows.append(dict(zip(HEADER, cells + [f"{v:.2f}" for v in indicators], strict=True)))
    bangkok = [rng.uniform(85, 98) for _ in range(10)]
    for year in YEARS:
        tools = (sum(bangkok[:5]) / 5, sum(bangkok[5:8]) / 3, sum(bangkok[8:]) / 2)
        total = round(0.3 * tools[0] + 0.3 * tools[1] + 0.4 * tools[2], 2)
        cells = ["99999", BANGKOK, "กทม.", "", BANGKOK, year, f"{total:.2f}", _grade(year, total, tools)]
        rows.append(dict(zip(HEADER, cells + [f"{v:.2f}" for v in bangkok], strict=True)))
    return csv_text(HEADER, rows).encode("utf-8")
