"""Device strings, parsed in one place: `kind:target`, as nfcpy names its readers.

`v4l2:0`, `file:demo.mp4`, `inbox:/tmp/inbox`, `usb:04b8:0202`, `tcp:192.168.0.50:9100`,
`none`. Each device kind says which kinds it accepts; a wrong string is a clear error.
"""

from dataclasses import dataclass


class DeviceError(ValueError):
    """A device string that names nothing this kiosk can open; the message says what to do."""


@dataclass(frozen=True)
class DeviceSpec:
    kind: str
    target: str  # everything after the first colon ("" for `none`)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}" if self.target else self.kind


def parse_device(text: str, kinds: dict[str, str], what: str) -> DeviceSpec:
    """`kinds` maps each accepted kind to an example, for the error message."""
    kind, _, target = text.strip().partition(":")
    if kind not in kinds:
        examples = ", ".join(f'"{example}"' for example in kinds.values())
        raise DeviceError(f"{what} {text!r} is not a device this kiosk knows: use one of "
                          f"{examples}")
    if kind != "none" and not target:
        raise DeviceError(f"{what} {text!r} needs a target after the colon, as in "
                          f'"{kinds[kind]}"')
    return DeviceSpec(kind, target)
