"""The bare baseline for bench.throughput: a Flask route that does nothing, under the same server."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "ok"
