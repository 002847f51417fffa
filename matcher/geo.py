"""Distances between neighbourhood centres (haversine) and geographic blocking."""
from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
BRUTE_FORCE_MAX = 256  # up to this many neighbourhoods, no tree (see neighbours_within)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(x, dtype=np.float64))
                              for x in (lat1, lon1, lat2, lon2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def haversine_rad(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance in km between rows of (lat, lon) arrays in radians (broadcasting).

    Every distance the engine uses goes through this one function, so that a
    pair explained on its own gets exactly the score it had in the batch.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    lat1, lon1, lat2, lon2 = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def neighbours_within(latlon_rad: np.ndarray, radius_km: float):
    """For every neighbourhood, the neighbourhoods within ``radius_km`` and their distances.

    Uses a BallTree with the haversine metric, so the cost grows with the
    number of close pairs of neighbourhoods rather than with their square;
    up to ``BRUTE_FORCE_MAX`` neighbourhoods every pair is checked instead
    (cheaper than importing scikit-learn).  Either way the final test is our
    own haversine, so both give exactly the same answer.
    Returns two lists of arrays (indices sorted ascending, distances in km).
    """
    k = len(latlon_rad)
    if k == 0:
        return [], []
    if k <= BRUTE_FORCE_MAX:
        ind = [np.arange(k)] * k
    else:
        # Imported here: scikit-learn takes about a second to import.
        from sklearn.neighbors import BallTree

        tree = BallTree(latlon_rad, metric="haversine")
        # Query with some slack, then keep exactly those within the radius by
        # our own haversine, so that the limit means the same thing everywhere.
        r = min(radius_km / EARTH_RADIUS_KM * (1 + 1e-6) + 1e-12, np.pi)
        ind = tree.query_radius(latlon_rad, r=r)
    out_i, out_d = [], []
    for k, i in enumerate(ind):
        i = np.sort(i).astype(np.int64)
        d = haversine_rad(latlon_rad[k], latlon_rad[i])
        keep = d <= radius_km
        out_i.append(i[keep])
        out_d.append(d[keep])
    return out_i, out_d
