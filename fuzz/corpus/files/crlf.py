import flask
app = flask.Flask(__name__)
@app.get("/health")
def h():
    return "ok"
