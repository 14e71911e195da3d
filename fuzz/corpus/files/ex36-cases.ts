// Labelled stub detector sample (TypeScript). Each function is preceded by its label.

// expect: stub t1
function t1(): number { throw new Error("Not implemented"); }

// expect: stub t2
function t2() {}

// expect: stub t3
export async function t3(id: string): Promise<void> {
  // TODO: persist
}

class Api {
  // expect: stub Api.t4
  t4(): void { throw new Error("not implemented yet"); }
}

// expect: stub t5
const t5 = () => {};

// expect: stub t6
const t6 = async (req: Request) => {
  throw new Error("TODO");
};

// expect: stub t7
function t7(): string[] {
  // TODO: load from the server
  return [];
}

// expect: stub t8
function t8(): boolean {
  // FIXME
  return false;
}

// expect: stub t9
function t9() {
  console.log("placeholder");
}

class Service {
  // expect: stub Service.t10
  async t10(): Promise<number> {
    // TODO: call the backend
    return 0;
  }
}

// expect: stub t11
export function t11() {
  console.warn("not implemented: export to CSV");
  return null;
}

// expect: ok noop
function noop() {}

class A {
  // expect: ok A.constructor
  constructor(private readonly db: Db) {}
}

interface Repo {
  // expect: ok Repo.find
  find(id: string): Promise<Item>;
}

abstract class Shape {
  // expect: ok Shape.area
  abstract area(): number;
}

// expect: ok u5
function u5(x: number) {
  if (x < 0) {
    throw new Error("not implemented for negatives");
  }
  return Math.sqrt(x);
}

// expect: ok u6
function u6(): number { return 42; }

// expect: ok u7
function u7() {
  // intentionally left empty
}

// expect: ok u8
function u8() {
  console.log("rendering placeholder text");
  render();
}

class BaseController {
  // expect: ok BaseController.u9
  u9() { throw new Error("not implemented"); }
}

// expect: ok u10
const u10 = (a: number, b: number) => a + b;

// expect: ok u11
function u11(input: string) {
  // TODO: memoize
  const parsed = JSON.parse(input);
  return parsed.value;
}
