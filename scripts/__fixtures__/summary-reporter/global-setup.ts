export default function setup() {
  throw new Error('fixture: global setup failed');
}
