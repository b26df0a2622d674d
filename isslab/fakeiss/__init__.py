"""A fake of the public APIs the course calls: wheretheiss.at, open-notify and Nominatim.

`FakeISS` serves them on loopback (optionally over TLS for their real hostnames) and can
misbehave on demand (`Fault`), so the lab's code is tested without the internet.
"""

from isslab.fakeiss.faults import Fault
from isslab.fakeiss.server import PUBLIC_HOSTNAMES, FakeISS, RecordedRequest

__all__ = ["PUBLIC_HOSTNAMES", "FakeISS", "Fault", "RecordedRequest"]
