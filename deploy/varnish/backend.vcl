# Compose's backend: the proxy's internal listener, which spreads requests
# over every `web` container (`--scale web=N`). Tests write their own.
backend app {
    .host = "proxy";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}
