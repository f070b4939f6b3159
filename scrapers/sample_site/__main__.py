"""``python -m scrapers.sample_site [PORT]``: serve the sample site until Ctrl-C;
``python -m scrapers.sample_site --manifest`` regenerates manifest.json."""

import sys
import time

from scrapers.sample_site import start_server, write_manifest

if "--manifest" in sys.argv:
    write_manifest()
    print("manifest.json written")
else:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8059
    server = start_server(port=port)
    print(f"sample site on {server.base_url}/ (Ctrl-C to stop)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
