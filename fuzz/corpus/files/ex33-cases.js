// Labelled stub detector sample (JavaScript). Each function is preceded by its label.

// expect: stub j1
function j1() { throw new Error('unimplemented'); }

// expect: stub j2
function j2() {}

// expect: stub j3
const j3 = function () {
  // TODO
};

class Store {
  // expect: stub Store.j4
  j4() { throw new Error("Method not implemented."); }
}

// expect: stub j5
async function j5() {
  console.log("stub");
}

// expect: stub j6
function j6() {
  // TODO: validate
  return true;
}

// expect: stub j7
const j7 = () => {
  throw new Error("not yet implemented");
};

// expect: stub j8
function j8(x) {
  // FIXME: real formula
  return 1;
}

class Cart {
  // expect: stub Cart.j9
  j9() {}
}

// expect: stub j10
function j10() {
  console.info("TODO: send email");
}

// expect: stub j11
function* j11() {}

// expect: ok k1
function k1() { return "TODO app"; }

class NullLogger {
  // expect: ok NullLogger.log
  log() {}
}

// expect: ok k3
function k3(err) {
  throw new Error("connection refused");
}

// expect: ok k4
const k4 = () => {
  return fetchAll();
};

// expect: ok k5
function k5() {
  try {
    run();
  } catch (e) {}
}

class Emitter {
  // expect: ok Emitter.constructor
  constructor() {}
}

// expect: ok k7
function k7() {
  console.log("started");
}

// expect: ok k8
function k8() {
  // no-op: kept for backwards compatibility
}

// expect: ok k9
function k9(a) {
  return a ?? null;
}

// expect: ok k10
const k10 = async () => {
  await db.close();
};

class MockClient {
  // expect: ok MockClient.send
  send() {}
}
