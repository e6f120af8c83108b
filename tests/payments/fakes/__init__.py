"""Local fake provider servers: real HTTP on 127.0.0.1, driven by the real client code."""
