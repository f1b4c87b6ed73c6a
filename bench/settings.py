"""Settings for benchmark servers: production settings with the bench URLconf (bench/hello). Never deployed."""

from newsdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
