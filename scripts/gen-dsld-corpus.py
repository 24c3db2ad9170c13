#!/usr/bin/env python3
"""Writes a DSLD-shaped corpus for measuring `labelcheck survey` at scale.

Records have the shape of the DSLD API v9 `Label` (GET /v9/label/{id}): the fields labelcheck
reads, and the bulk of the fields it does not (contacts, events, netContents, userGroups…), so
that reading and parsing cost what they cost on real downloads. Distributions are chosen to
look like the US vitamin D / K2 market (many plain D3 products, old labels in IU, D3 + K2
combinations, multivitamins with many other rows) with the known traps: amounts not provided
(quantity 0, unit "NP"), nested rows (a vitamin K total split into K1 and K2; blends), two
serving-size columns (children 1-3 / 4+), records off the market.

The output is deterministic for a seed. It is NOT real data: ids start at 1,000,000,000.

    python3 scripts/gen-dsld-corpus.py --count 200000 --out /tmp/dsld-200k
    python3 scripts/gen-dsld-corpus.py --count 1000 --shape array --out /tmp/dsld-array
    python3 scripts/gen-dsld-corpus.py --count 2000 --shape files --out /tmp/dsld-files
"""

import argparse
import json
import os
import random

ADULT = "Adults and children 4 or more years of age"
CHILD = "Children 1 to 3 years of age"

STATES = [
    ("E0161", "Softgel", 40), ("E0159", "Capsule", 25), ("E0155", "Tablet or Pill", 20),
    ("E0164", "Gummy or Jelly", 7), ("E0165", "Liquid", 6), ("E0162", "Powder", 2),
]
OILS = ["Extra Virgin Olive Oil", "Olive Oil", "Safflower Oil", "Sunflower Oil",
        "Medium Chain Triglycerides", "Organic Coconut Oil", "Soybean Oil", "MCT Oil"]
DRY = ["Microcrystalline Cellulose", "Magnesium Stearate", "Silicon Dioxide", "Dicalcium Phosphate",
       "Rice Flour", "Hypromellose", "Stearic Acid", "Croscarmellose Sodium"]
SHELL = ["Gelatin", "Glycerin", "Purified Water"]
OTHERS = [("Vitamin C", "Ascorbic Acid", 60, "mg"), ("Zinc", "Zinc Oxide", 11, "mg"),
          ("Vitamin B12", "Cyanocobalamin", 6, "mcg"), ("Vitamin E", "d-Alpha Tocopherol", 15, "mg"),
          ("Folate", "Folic Acid", 400, "mcg DFE"), ("Biotin", None, 30, "mcg"),
          ("Vitamin A", "Retinyl Palmitate", 900, "mcg RAE"), ("Iodine", "Potassium Iodide", 150, "mcg"),
          ("Selenium", "Sodium Selenite", 55, "mcg"), ("Lactobacillus acidophilus", None, 1, "Billion CFU")]
CLAIMS = ["Supports healthy bones and teeth.*", "Supports immune function.*",
          "Supports cardiovascular health.*", "Helps maintain healthy calcium metabolism.*"]
DISEASE_CLAIMS = ["Helps prevent osteoporosis.", "Reverses arterial calcification."]
DISCLAIMER = ("*These statements have not been evaluated by the Food and Drug Administration. "
              "This product is not intended to diagnose, treat, cure, or prevent any disease.")


def pick_weighted(rng, items):
    total = sum(w for *_, w in items)
    r = rng.uniform(0, total)
    for item in items:
        r -= item[-1]
        if r <= 0:
            return item
    return items[-1]


def quantity(order, ssq, amount, unit, dv=None, group=ADULT, unit_name="Unit(s)"):
    return {
        "servingSizeOrder": order, "servingSizeQuantity": ssq, "operator": "=",
        "quantity": amount, "unit": unit,
        "dailyValueTargetGroup": [{"name": group, "operator": "=" if dv is not None else None,
                                   "percent": dv, "footnote": None if dv is not None else "Daily Value not established"}],
        "servingSizeUnit": unit_name,
    }


def row(order, name, group, category, forms, quantities, nested=None, ident=0):
    return {
        "order": order, "ingredientId": 100000 + ident, "description": "", "notes": "",
        "quantity": quantities, "nestedRows": nested or [], "name": name, "category": category,
        "ingredientGroup": group, "uniiCode": None, "alternateNames": [],
        "forms": [{"order": i + 1, "ingredientId": 200000 + ident + i, "prefix": "as", "percent": None,
                   "name": f, "category": category, "ingredientGroup": group, "uniiCode": None}
                  for i, f in enumerate(forms)],
    }


def vitamin_d(rng, order, ssq, unit_name, np_share, columns):
    if rng.random() < np_share:
        return row(order, "Vitamin D", "Vitamin D", "vitamin", [],
                   [quantity(1, ssq, 0, "NP", None, ADULT, unit_name)], ident=order)
    old = rng.random() < 0.3
    if old:
        iu = rng.choice([400, 400, 1000, 1000, 1000, 2000, 2000, 5000, 5000, 10000, 50000])
        amount, unit, dv = iu, "IU", round(iu / 4)
    else:
        mcg = rng.choice([10, 20, 25, 25, 50, 50, 50, 125, 125, 250, 1250])
        amount, unit, dv = mcg, "mcg", round(mcg * 5)
    form = rng.choice(["Cholecalciferol"] * 9 + ["Ergocalciferol"])
    name = "Vitamin D3" if form == "Cholecalciferol" and rng.random() < 0.7 else "Vitamin D"
    quantities = [quantity(1, ssq, amount, unit, dv, ADULT, unit_name)]
    if columns == 2:
        quantities = [quantity(1, 1, amount / 2, unit, dv // 2, CHILD, unit_name),
                      quantity(2, ssq, amount, unit, dv, ADULT, unit_name)]
    return row(order, name, "Vitamin D", "vitamin", [form], quantities, ident=order)


def vitamin_k(rng, order, ssq, unit_name, nested_share):
    mcg = rng.choice([45, 50, 90, 100, 100, 100, 120, 180, 200])
    if rng.random() < nested_share:
        k1 = rng.choice([10, 20, 30])
        children = [
            row(1, "Vitamin K1", "Vitamin K", "vitamin", ["Phytonadione"],
                [quantity(1, ssq, k1, "mcg", None, ADULT, unit_name)], ident=order * 10 + 1),
            row(2, "Vitamin K2", "Vitamin K", "vitamin", ["Menaquinone-7"],
                [quantity(1, ssq, mcg, "mcg", None, ADULT, unit_name)], ident=order * 10 + 2),
        ]
        return row(order, "Vitamin K", "Vitamin K", "vitamin", [],
                   [quantity(1, ssq, mcg + k1, "mcg", round((mcg + k1) / 1.2), ADULT, unit_name)],
                   children, ident=order)
    form = pick_weighted(rng, [(["Menaquinone-7"], 70), (["Menaquinone-4"], 12), ([], 18)])[0]
    return row(order, "Vitamin K2", "Vitamin K", "vitamin", form,
               [quantity(1, ssq, mcg, "mcg", round(mcg / 1.2), ADULT, unit_name)], ident=order)


def record(rng, i):
    ident = 1_000_000_000 + i
    code, state, _ = pick_weighted(rng, STATES)
    unit_name = {"Softgel": "Softgel(s)", "Capsule": "Capsule(s)", "Tablet or Pill": "Tablet(s)",
                 "Gummy or Jelly": "Gummy(ies)", "Liquid": "Drop(s)", "Powder": "Scoop(s)"}[state]
    kind = pick_weighted(rng, [("d", 42), ("dk", 22), ("k", 8), ("multi", 18), ("cal", 10)])[0]
    ssq = rng.choice([1, 1, 1, 2])
    daily = rng.choice([1, 1, 1, 1, 2, 3])
    columns = 2 if state == "Liquid" and rng.random() < 0.5 or rng.random() < 0.03 else 1
    rows = []
    if kind in ("d", "dk", "multi", "cal"):
        rows.append(vitamin_d(rng, len(rows) + 1, ssq, unit_name, 0.03, columns))
    if kind in ("dk", "k") or (kind == "multi" and rng.random() < 0.3):
        rows.append(vitamin_k(rng, len(rows) + 1, ssq, unit_name, 0.08))
    if kind == "cal":
        rows.append(row(len(rows) + 1, "Calcium", "Calcium", "mineral", ["Calcium Carbonate"],
                        [quantity(1, ssq, rng.choice([200, 500, 600]), "mg", 40, ADULT, unit_name)],
                        ident=len(rows) + 1))
        rows.append(row(len(rows) + 1, "Magnesium", "Magnesium", "mineral", ["Magnesium Oxide"],
                        [quantity(1, ssq, rng.choice([50, 100, 250]), "mg", 24, ADULT, unit_name)],
                        ident=len(rows) + 1))
    if kind == "multi":
        for name, form, amount, unit in rng.sample(OTHERS, rng.randint(4, 10)):
            rows.append(row(len(rows) + 1, name, name, "vitamin", [form] if form else [],
                            [quantity(1, ssq, amount, unit, 100, ADULT, unit_name)], ident=len(rows) + 1))
    if rng.random() < 0.05:
        nested = [row(1, "Boron", "Boron", "mineral", ["Boron Citrate"],
                      [quantity(1, ssq, 0, "NP", None, ADULT, unit_name)], ident=90),
                  row(2, "Turmeric", "Turmeric", "botanical", [],
                      [quantity(1, ssq, 0, "NP", None, ADULT, unit_name)], ident=91)]
        rows.append(row(len(rows) + 1, "Proprietary Blend", "Blend", "blend", [],
                        [quantity(1, ssq, 250, "mg", None, ADULT, unit_name)], nested, ident=len(rows) + 1))
    if state == "Softgel":
        others = [rng.choice(OILS)] + SHELL
    elif state == "Liquid":
        others = [rng.choice(OILS)]
    else:
        others = rng.sample(DRY, 3) + ([rng.choice(OILS)] if rng.random() < 0.15 else [])
    statements = [{"type": "FDA Statement of Identity", "notes": "Dietary Supplement"},
                  {"type": "Suggested/Recommended/Usage/Directions",
                   "notes": f"Adults: take {ssq} {unit_name.lower()} {daily} time(s) daily with a meal."}]
    claim = None
    if rng.random() < 0.7:
        claim = rng.choice(CLAIMS)
    if rng.random() < 0.03:
        claim = rng.choice(DISEASE_CLAIMS)
    if claim:
        statements.append({"type": "General Statements: All Other Content", "notes": claim})
    statements.append({"type": "Precautions re: All Other",
                       "notes": "Consult your healthcare practitioner before use if you are pregnant, nursing or taking medication."})
    if rng.random() < 0.85:
        statements.append({"type": "FDA Disclaimer Statement", "notes": DISCLAIMER})
    serving_sizes = [{"order": 1, "minQuantity": ssq, "maxQuantity": ssq, "minDailyServings": 1,
                      "maxDailyServings": daily, "unit": unit_name, "notes": "", "inSFB": True}]
    if columns == 2:
        serving_sizes = [
            {"order": 1, "minQuantity": 1, "maxQuantity": 1, "minDailyServings": 1, "maxDailyServings": 1,
             "unit": unit_name, "notes": "children 1 to 3 years", "inSFB": True},
            {"order": 2, "minQuantity": ssq, "maxQuantity": ssq, "minDailyServings": 1,
             "maxDailyServings": daily, "unit": unit_name, "notes": "adults and children 4 years and older", "inSFB": True},
        ]
    brand = f"Brand {rng.randint(1, 3000):04d}"
    return {
        "id": ident, "nhanesId": "", "bundleName": "",
        "fullName": f"{brand} {rows[0]['name'] if rows else 'Supplement'} {state} #{i}",
        "brandName": brand, "brandIpSymbol": "", "upcSku": f"0 {rng.randint(10000, 99999)} {rng.randint(10000, 99999)} {rng.randint(0, 9)}",
        "productVersionCode": "", "pdf": f"https://api.ods.od.nih.gov/dsld/s3/pdf/{ident}.pdf", "thumbnail": "",
        "servingsPerContainer": str(rng.choice([30, 60, 90, 120, 180, 360])), "hasOuterCarton": False,
        "percentDvFootnote": "Percent Daily Values are based on a 2,000 calorie diet.",
        "labelRelationships": [],
        "contacts": [{"contactId": 5000 + i % 3000, "text": "Distributed by", "types": ["Distributor"],
                      "contactDetails": {"id": 5000 + i % 3000, "name": brand, "streetAddress": "1 Example Way",
                                         "city": "Springfield", "state": "IL", "country": "USA", "zipCode": "62701",
                                         "phoneNumber": "", "email": "", "webAddress": ""}}],
        "netContents": [{"order": 1, "quantity": 60, "unit": unit_name, "display": f"60 {unit_name}"}],
        "physicalState": {"langualCode": code, "langualCodeDescription": state},
        "servingSizes": serving_sizes,
        "targetGroups": ["Adult (18 - 50 Years)"],
        "productType": {"langualCode": "A1302", "langualCodeDescription": "Vitamin"},
        "statements": statements,
        "claims": [{"langualCode": "P0265", "langualCodeDescription": "Structure/Function"}] if claim else [],
        "events": [{"date": "2019-03-01", "type": "Date entered into DSLD"}],
        "userGroups": [{"dailyValueTargetGroupName": ADULT, "langualCode": "P0250",
                        "langualCodeDescription": "Adults and Children 4 years and above"}],
        "ingredientRows": rows,
        "otheringredients": {"text": None, "ingredients": [
            {"order": n + 1, "ingredientId": 300000 + n, "name": o, "category": "other", "ingredientGroup": o,
             "uniiCode": None, "alternateNames": [], "forms": []} for n, o in enumerate(others)]},
        "offMarket": 1 if rng.random() < 0.3 else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--shape", choices=["jsonl", "array", "files"], default="jsonl",
                        help="jsonl: shards of JSON Lines; array: shards holding a JSON array; files: one record per .json")
    parser.add_argument("--shards", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    if args.shape == "files":
        for i in range(args.count):
            with open(os.path.join(args.out, f"label_{i:07d}.json"), "w") as f:
                json.dump(record(rng, i), f)
        return
    per = -(-args.count // args.shards)
    for s in range(args.shards):
        lo, hi = s * per, min(args.count, (s + 1) * per)
        if lo >= hi:
            break
        ext = "jsonl" if args.shape == "jsonl" else "json"
        with open(os.path.join(args.out, f"dsld-{s:03d}.{ext}"), "w") as f:
            if args.shape == "jsonl":
                for i in range(lo, hi):
                    f.write(json.dumps(record(rng, i)))
                    f.write("\n")
            else:
                f.write("[\n")
                for i in range(lo, hi):
                    if i > lo:
                        f.write(",\n")
                    f.write(json.dumps(record(rng, i)))
                f.write("\n]\n")


if __name__ == "__main__":
    main()
