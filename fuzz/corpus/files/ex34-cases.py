"""Labelled stub detector sample (Python). Each function is preceded by its label."""
from abc import ABC, abstractmethod
from typing import Protocol, overload


# expect: stub p1
def p1():
    pass


# expect: stub p2
def p2(x):
    """Compute the score."""
    pass


# expect: stub p3
def p3():
    ...


# expect: stub p4
def p4():
    raise NotImplementedError


class Service:
    # expect: stub Service.p5
    def p5(self):
        raise NotImplementedError("export is not implemented yet")

    # expect: stub Service.p11
    def p11(self, x):
        """Send the report."""


# expect: stub p6
def p6():
    # TODO: fetch from the API
    return []


# expect: stub p7
def p7():
    # TODO
    return None


# expect: stub p8
def p8():
    print("placeholder")


# expect: stub p9
def p9():
    logger.info("not implemented yet: %s", "sync")
    return None


# expect: stub p10
async def p10(req):
    raise NotImplementedError()


# expect: stub p12
def p12():
    raise Exception("Not implemented")


# expect: stub p13
def p13():
    # FIXME: real threshold
    return 0.5


# expect: stub p14
def p14():
    pass  # TODO


class Exporter:
    # expect: stub Exporter.p15
    def p15(self):
        ...


# expect: stub p16
@app.post("/v1/analyze")
async def p16(req):
    raise NotImplementedError("dataset analysis is not implemented yet")


# expect: stub p17
def p17():
    logging.warning("stub: using fixed exchange rate")
    return 1.0


# expect: stub p18
def p18():
    # TODO: validate
    return True


# expect: stub p19
def p19(path):
    """Load the file."""
    raise NotImplementedError


# expect: stub p20
def p20():
    raise RuntimeError("TODO: implement")


# expect: stub p21
def p21():
    # TODO: implement
    return {}


# expect: stub p22
def p22():
    print("TODO: wire the scheduler")
    pass


class Base(ABC):
    # expect: ok Base.n1
    @abstractmethod
    def n1(self):
        pass


class Store(Protocol):
    # expect: ok Store.n2
    def n2(self) -> int: ...


# expect: ok n3
@overload
def n3(x: int) -> int: ...


# expect: ok n4
def n4(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        pass


class Config:
    # expect: ok Config.__init__
    def __init__(self):
        pass


class Money:
    # expect: ok Money.__eq__
    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.v == other.v


# expect: ok n7
def n7(mode):
    if mode == "fast":
        raise NotImplementedError("fast mode")
    return run(mode)


# expect: ok n8
def n8():
    """Do nothing: the hook is optional."""
    pass


# expect: ok n9
def n9():
    return 42


# expect: ok n10
def n10(name):
    logger.info("rendering placeholder %s", name)
    return render(name)


class EventHandler:
    # expect: ok EventHandler.on_start
    def on_start(self):
        pass


class NoopCache:
    # expect: ok NoopCache.n12
    def n12(self):
        pass


# expect: ok n13
def n13():
    # TODO: cache this
    data = load()
    return transform(data)


# expect: ok n14
def n14(x):
    pass_through = x
    return pass_through


# expect: ok n15
def n15():
    """Subclasses override this to add headers."""
    pass


class Plugin(ABC):
    # expect: ok Plugin.n16
    def n16(self):
        raise NotImplementedError


# expect: ok n17
def n17():
    print("Enter a placeholder name:")
    name = input()
    return name


# expect: ok n18
def n18():
    return None


# expect: ok n19
def n19():
    yield


# expect: ok n20
def n20(items):
    for item in items:
        pass
    return len(items)


# expect: ok ValidationError
class ValidationError(ValueError):
    pass


# expect: ok n22
def n22():
    # no-op: kept for API compatibility
    pass
