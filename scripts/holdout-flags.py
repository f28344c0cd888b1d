#!/usr/bin/env python3
"""Held-out check of the champion-loss, release-disruption and usage-decline flags.

A second story generator, written apart from tests/stories (which the rules are developed
against) with its own modelling choices, so that its figures say how the rules fare on
data shaped by someone else's assumptions:

- users work on their own weekdays (a fixed weekly pattern per person), activity drawn from
  a Beta distribution, events per active day from a per-person rate;
- staff turnover: ordinary users leave and join at any time;
- usage written either one row per event with a timestamp and e-mail user ids, or one row
  per user, day and feature with a count (alternating worlds);
- confounders: organic ramps down over 6-10 weeks, a company holiday week, Christmas;
- releases named after a feature ("Reports v2") or after a change ("New navigation").

Truth is read from the planted parameters by a CSM's chart standard:
- champion loss is visible when the planted champion (active on most of their working days,
  at least 3x the median colleague, at most two colleagues within 80% of them) has been
  silent 25-75 days; absent when no champion was planted to leave and no one among the five
  most active and at least 2x the median colleague went quiet for 14+ days; anything between
  is faint (not counted);
- release disruption is visible when a planted drop of 50-90% on the series the release
  concerns (the named feature, else all usage) is at least 3 weeks old and the series had at
  least 20 expected events a week before; absent when nothing was planted and no organic ramp
  or departing champion starts within a week before to two weeks after a release (a holiday
  week or Christmas is a one-week dip, not a disruption); else faint;
- usage decline is visible when the account's expected events of the last 28 days are at
  least 50% below the 28 days before, from at least 80 expected events (20 a week, as for
  releases); absent when they are less than 15% below (or above); else faint. The expected
  usage carries every planted effect (ramps, disruptions, departures, holiday weeks,
  Christmas), so a fall from any of them counts, and a fall that is only the daily noise
  or the draw of events does not.

Usage: python3 scripts/holdout-flags.py [--worlds N] [--accounts N] [--bin PATH]
Prints precision and recall per flag. Not part of CI: a measurement for the notes.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import subprocess
import sys
import tempfile

FEATURES = ["Dashboards", "Reports", "Exports", "Alerts", "Workflows", "Integrations"]
CHANGES = ["New navigation", "Faster search", "Pricing page v2", "SSO improvements",
           "Dark mode", "Performance work", "Mobile layout", "Permissions overhaul"]
HISTORY = 180
FLAGS = ("champion_loss", "release_disruption", "usage_decline")


def day(d):
    return dt.date.fromordinal(d)


def christmas_factor(d):
    x = day(d)
    return 0.2 if (x.month == 12 and x.day >= 24) or (x.month == 1 and x.day <= 1) else 1.0


class Account:
    pass


def plan_account(rng, idx, as_of, releases):
    a = Account()
    a.id = f"ACME-{idx:04d}"
    n = max(2, int(round(math.exp(rng.uniform(math.log(3), math.log(300))))))
    a.weekend = rng.choice([0.1, 0.1, 0.7])
    a.users = []
    first_day = as_of - HISTORY + 1
    for u in range(n):
        workdays = sorted(rng.sample(range(5), rng.randint(2, 5)))
        user = {
            "name": f"user{u}.{idx}@acme{idx}.example",
            "p": rng.betavariate(1.2, 3.0),
            "mu": math.exp(rng.gauss(0.8, 0.6)),
            "feats": rng.sample(range(len(FEATURES)), rng.randint(1, 3)),
            "days": workdays,
            "start": first_day - 1,
            "end": as_of + 1,
        }
        # turnover: 30% of users join or leave at some point of the history
        r = rng.random()
        if r < 0.15:
            user["end"] = rng.randint(first_day + 20, as_of)
        elif r < 0.3:
            user["start"] = rng.randint(first_day, as_of - 30)
        a.users.append(user)
    a.champion = None
    a.champion_quiet = None
    if rng.random() < 0.4:
        c = a.users[0]
        c["p"] = rng.uniform(0.8, 0.95)
        c["days"] = [0, 1, 2, 3, 4]
        c["mu"] = math.exp(rng.gauss(1.3, 0.4))
        c["feats"] = rng.sample(range(len(FEATURES)), 3)
        c["start"], c["end"] = first_day - 1, as_of + 1
        a.champion = 0
        if rng.random() < 0.5:
            q = rng.randint(25, 75)
            c["end"] = as_of - q + 1
            a.champion_quiet = q
    a.holiday = None
    if rng.random() < 0.3:
        a.holiday = rng.randint(as_of - 120, as_of - 7)
    a.ramp = None
    if rng.random() < 0.2:
        start = rng.randint(as_of - 120, as_of - 20)
        a.ramp = (start, rng.randint(42, 70), rng.uniform(0.4, 0.7))
    a.disruption = None
    eligible = [r for r in releases if 14 <= as_of - r["day"] <= 84]
    if eligible and rng.random() < 0.3:
        rel = rng.choice(eligible)
        a.disruption = (rel, rng.uniform(0.5, 0.9))
    return a


def factor(a, u, d, feat):
    """Multiplier on a user's activity on day d for feature feat."""
    f = christmas_factor(d)
    if a.holiday is not None and a.holiday <= d < a.holiday + 7:
        f *= 0.2
    if a.ramp is not None:
        s, length, depth = a.ramp
        if d >= s:
            f *= 1.0 - depth * min(1.0, (d - s) / length)
    if a.disruption is not None:
        rel, drop = a.disruption
        if d >= rel["day"] and (rel["feature"] is None or rel["feature"] == feat):
            f *= 1.0 - drop
    return f


def expected(a, u, d, feat=None):
    user = a.users[u]
    if not (user["start"] <= d < user["end"]):
        return 0.0
    wd = day(d).weekday()
    p = user["p"] if wd in user["days"] else (user["p"] * a.weekend if wd >= 5 else 0.0)
    if p == 0.0:
        return 0.0
    feats = [f for f in user["feats"] if feat is None or f == feat]
    share = min(len(user["feats"]), 1.6) / len(user["feats"])
    return sum(p * (1.0 + user["mu"]) * min(1.0, share * factor(a, u, d, f)) for f in feats)


def series(a, frm, to, feat=None):
    return sum(expected(a, u, d, feat) for u in range(len(a.users)) for d in range(frm, to + 1))


def truth_champion(a, as_of):
    ps = sorted(u["p"] * len(u["days"]) for u in a.users)
    median = ps[len(ps) // 2]
    if a.champion_quiet is not None:
        # the planted champion is clearly the most engaged only if few colleagues come close
        own = ps and a.users[0]["p"] * len(a.users[0]["days"])
        close = sum(1 for x in ps if x >= 0.8 * own) - 1
        return "visible" if own >= 3.0 * median and close <= 2 else "faint"
    # who went quiet 14+ days: anyone clearly above colleagues makes the case ambiguous
    for i, u in enumerate(a.users):
        # silence as the data shows it: trailing days holding less than half an expected
        # active day (a departure, or a ramp or holiday that all but stopped them)
        quiet, held = 0, 0.0
        while quiet < 120:
            held += expected(a, i, as_of - quiet) / (1.0 + u["mu"])
            if held >= 0.5:
                break
            quiet += 1
        own = u["p"] * len(u["days"])
        rank = 1 + sum(1 for x in ps if x > own)
        if 14 <= quiet <= 90 and own >= 2.0 * median and rank <= 5:
            return "faint"
    return "absent"


def truth_release(a, as_of, releases):
    if a.disruption is not None:
        rel, drop = a.disruption
        weekly = series(a, rel["day"] - 28, rel["day"] - 1, rel["feature"]) / 4.0
        if as_of - rel["day"] >= 21 and weekly >= 20.0:
            return "visible"
        return "faint"
    for rel in releases:
        if not (14 <= as_of - rel["day"] <= 120):
            continue
        near = lambda d: rel["day"] - 7 <= d <= rel["day"] + 14
        if a.ramp is not None and near(a.ramp[0]):
            return "faint"
        if a.champion_quiet is not None and near(as_of - a.champion_quiet + 1):
            return "faint"
    return "absent"


def truth_decline(a, as_of):
    last = series(a, as_of - 27, as_of)
    before = series(a, as_of - 55, as_of - 28)
    fall = 1.0 - last / before if before > 0 else 0.0
    if fall < 0.15:
        return "absent"
    return "visible" if fall >= 0.5 and before >= 80.0 else "faint"


def write_world(seed, accounts, folder):
    rng = random.Random(seed * 7919 + 13)
    as_of = dt.date(2026, 1, 1).toordinal() + rng.randint(0, 364)
    releases = []
    for k in range(8):
        age = rng.randint(3, 150)
        feat = rng.randrange(len(FEATURES)) if k % 2 == 0 else None
        name = f"{FEATURES[feat]} v{rng.randint(2, 5)}" if feat is not None else rng.choice(CHANGES)
        releases.append({"day": as_of - age, "feature": feat, "name": name})
    plans = [plan_account(rng, i, as_of, releases) for i in range(accounts)]
    per_event = seed % 2 == 0
    with open(os.path.join(folder, "accounts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_id", "account_name", "seats"])
        for a in plans:
            w.writerow([a.id, f"Customer {a.id}", len(a.users) + rng.randint(0, 5)])
    with open(os.path.join(folder, "releases.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["release_date", "name"])
        for r in releases:
            w.writerow([day(r["day"]).isoformat(), r["name"]])
    with open(os.path.join(folder, "usage.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_id", "user_id", "timestamp", "feature"] if per_event
                   else ["account_id", "user_id", "event_date", "feature", "event_count"])
        for a in plans:
            for d in range(as_of - HISTORY + 1, as_of + 1):
                noise = math.exp(rng.gauss(0, 0.15))
                for u, user in enumerate(a.users):
                    if not (user["start"] <= d < user["end"]):
                        continue
                    wd = day(d).weekday()
                    p = user["p"] if wd in user["days"] else (user["p"] * a.weekend if wd >= 5 else 0.0)
                    if rng.random() >= min(0.98, p * noise):
                        continue
                    for feat in user["feats"]:
                        share = min(len(user["feats"]), 1.6) / len(user["feats"])
                        if rng.random() >= min(1.0, share * factor(a, u, d, feat)):
                            continue
                        n = 1 + poisson(rng, user["mu"])
                        if per_event:
                            for _ in range(n):
                                t = dt.datetime.combine(day(d), dt.time(rng.randint(7, 19), rng.randint(0, 59)))
                                w.writerow([a.id, user["name"], t.isoformat() + "Z", FEATURES[feat]])
                        else:
                            w.writerow([a.id, user["name"], day(d).isoformat(), FEATURES[feat], n])
    truth = {a.id: (truth_champion(a, as_of), truth_release(a, as_of, releases),
                    truth_decline(a, as_of)) for a in plans}
    return day(as_of).isoformat(), truth


def poisson(rng, lam):
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worlds", type=int, default=20)
    ap.add_argument("--accounts", type=int, default=50)
    ap.add_argument("--bin", default="target/release/customer-health")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    counts = {k: {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "faint_fired": 0, "faint": 0}
              for k in FLAGS}
    misses = []
    for seed in range(1, args.worlds + 1):
        with tempfile.TemporaryDirectory() as folder:
            as_of, truth = write_world(seed, args.accounts, folder)
            out = os.path.join(folder, "results.json")
            subprocess.run([args.bin, "score", folder, "--as-of", as_of, "--out", out],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            results = json.load(open(out))
        for acc in results["accounts"]:
            t = truth.get(acc["account_id"])
            if t is None:
                continue
            fired = {h["flag"]: h.get("evidence", "") for h in acc.get("flags", [])}
            for k, flag in enumerate(FLAGS):
                c, hit = counts[flag], flag in fired
                if t[k] == "visible":
                    c["tp" if hit else "fn"] += 1
                elif t[k] == "absent":
                    c["fp" if hit else "tn"] += 1
                else:
                    c["faint"] += 1
                    c["faint_fired"] += hit
                if (t[k] == "visible") != hit and t[k] != "faint":
                    misses.append(f"world {seed} {acc['account_id']} {flag}: truth {t[k]}, "
                                  + (fired[flag] if hit else "did not fire; near miss: " + next(
                                      (n.get("evidence", "") for n in acc.get("near_misses", [])
                                       if n.get("flag") == flag), "none")))
    print("| flag | TP | FP | FN | TN | precision | recall | faint: fired |")
    print("|---|---|---|---|---|---|---|---|")
    for flag, c in counts.items():
        p = c["tp"] / max(1, c["tp"] + c["fp"])
        r = c["tp"] / max(1, c["tp"] + c["fn"])
        print(f"| {flag} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} | {p:.2f} | {r:.2f} | "
              f"{c['faint_fired']} of {c['faint']} |")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    sys.exit(main())
