"""Make the kiosk's three sounds: a short beep (scanned), a rising two-tone chime
(approved) and a low double buzz (declined). Run once; the WAV files are committed.

    python assets/sounds/make_sounds.py
"""

import wave
from pathlib import Path

import numpy as np

RATE = 22050


def tone(freq: float, seconds: float, volume: float = 0.4) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    envelope = np.minimum(1, np.minimum(t / 0.005, (seconds - t) / 0.03))  # no clicks
    return volume * envelope * np.sin(2 * np.pi * freq * t)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


SOUNDS = {
    "scanned": tone(1760, 0.08),
    "approved": np.concatenate([tone(880, 0.12), tone(1320, 0.22)]),
    "declined": np.concatenate([tone(220, 0.15, 0.5), silence(0.06), tone(220, 0.15, 0.5)]),
}

if __name__ == "__main__":
    for name, samples in SOUNDS.items():
        with wave.open(str(Path(__file__).with_name(f"{name}.wav")), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes((samples * 32767).astype("<i2").tobytes())
