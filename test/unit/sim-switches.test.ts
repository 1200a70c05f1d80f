import * as assert from 'node:assert/strict';
import { parseSwitches, splitCommandLine } from '../../server/src/sim/switches';

describe('sim switches', () => {
  it('parses every documented switch with / or - and its argument', () => {
    const s = parseSwitches('/quiet -promptrestart /forceappsclose /overwriteoem /log:"C:\\My Logs\\k.log" /ER /verbose /B:SP2QFE', '6.1.22.0');
    assert.deepEqual(s.errors, []);
    assert.equal(parseSwitches('-passive /warnrestart:60', '6.1.22.0').arg('warnrestart'), '60');
    for (const n of ['quiet', 'promptrestart', 'forceappsclose', 'overwriteoem', 'log', 'er', 'verbose', 'branch'] as const) assert.ok(s.has(n), n);
    assert.equal(s.arg('log'), 'C:\\My Logs\\k.log');
    assert.equal(s.arg('branch'), 'SP2QFE');
    assert.deepEqual(splitCommandLine('/a "/log:C:\\x y"'), ['/a', '/log:C:\\x y']);
  });

  it('maps the legacy short forms', () => {
    const s = parseSwitches('-q /z -n /o /f /u /v', '5.3.18.6');
    // /u with /q is the legacy "/u /q /z" set (inf-facts 5.2): accepted; /f (force close) with /z (no restart) is not.
    assert.deepEqual(s.errors.map((e) => e.raw).sort(), ['/f /z'], 'only the combinations are refused, not the short forms');
    assert.ok(s.warnings.some((w) => w.raw === '-q /u'));
    for (const n of ['quiet', 'norestart', 'nobackup', 'overwriteoem', 'forceappsclose', 'passive', 'verbose'] as const) assert.ok(s.has(n), n);
    assert.ok(s.list.every((x) => x.legacy));
  });

  it('refuses long forms the installer version does not know, pointing at the short form', () => {
    const s = parseSwitches('/quiet /nobackup', '5.4.15.0');
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0].message, /5\.4\.15\.0 does not know \/nobackup; it needs 6\.1\.22\.0 or later\. Use the short form \/n/);
    assert.deepEqual(parseSwitches('/quiet', '5.3.18.6').errors.map((e) => e.raw), ['/quiet']);
    assert.deepEqual(parseSwitches('/warnrestart', '6.1.22.0').errors, []);
  });

  it('warns, without refusing, when the installer version is unknown', () => {
    const s = parseSwitches('/promptrestart');
    assert.deepEqual(s.errors, []);
    assert.match(s.warnings[0].message, /needs installer 6\.1\.22\.0/);
  });

  it('refuses incompatible combinations and unknown or malformed switches', () => {
    const bad = (t: string) => parseSwitches(t, '6.1.22.0').errors.map((e) => e.message).join(' | ');
    assert.match(bad('/norestart /forcerestart'), /cannot be used together/);
    assert.match(bad('/integrate:C:\\src /norestart'), /cannot be used together/);
    assert.match(bad('/nobackup /integrate:C:\\src'), /cannot be used together/);
    assert.match(bad('/forceappsclose /norestart'), /cannot be used together/);
    assert.match(bad('/quiet /passive'), /cannot be used together/);
    assert.match(bad('/help /quiet'), /must be used alone/);
    assert.match(bad('/frobnicate'), /Unknown switch \/frobnicate/);
    assert.match(bad('/B'), /needs a value/);
    assert.match(bad('/quiet:yes'), /takes no value/);
    assert.match(bad('/warnrestart:soon'), /number of seconds/);
    assert.match(bad('quiet'), /not a switch/);
    assert.match(bad(`/log:C:\\${'x'.repeat(300)}`), /shorter than 256/);
  });

  it('flags install-only switches on a removal', () => {
    const s = parseSwitches('/quiet /nobackup', '6.1.22.0', true);
    assert.deepEqual(s.errors, []);
    assert.match(s.warnings[0].message, /installation only/);
  });
});
