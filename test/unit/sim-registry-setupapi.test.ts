// The simulator's AddReg/DelReg against the Setup API's answers, one minimal case per difference the registry oracle
// (test/unit/setupapi-registry-oracle.test.ts, Wine's setupapi.dll) found. Expected values: the oracle's output for
// the same lines (the planted cases there), so these run without Wine.
import assert from 'node:assert/strict';
import { InfDocument } from '../../server/src/core/model';
import { builtinProfile } from '../../server/src/sim/profiles';
import { applyRegistryDirectives, intField, strtoul } from '../../server/src/sim/registry';
import { MachineState } from '../../server/src/sim/state';

/** Applies install sections of an INF text to an empty registry; returns the state. */
function apply(body: string, sections: string[] = ['Inst']): MachineState {
  const doc = new InfDocument('file:///t.inf', `[Version]\r\nSignature="$Windows NT$"\r\n${body.replace(/\n/g, '\r\n')}`);
  const state = new MachineState(builtinProfile('xp-sp2')!);
  state.registry.clear();
  for (const s of sections) applyRegistryDirectives(doc, s, state, '0409', (id) => (id === 11 ? 'C:\\WINDOWS\\system32' : undefined), () => undefined, () => undefined);
  return state;
}
const value = (s: MachineState, name: string, key = 'HKLM\\Software\\T') => s.getValue(key, name);

describe('sim registry: AddReg/DelReg as the Setup API applies them (registry oracle cases)', () => {
  it('an install section applies its DelReg lists before its AddReg lists, whatever their order', () => {
    const s = apply('[Inst]\nAddReg=A\nDelReg=D\n[A]\nHKLM,Software\\T,V,,"new"\n[D]\nHKLM,Software\\T,V\n');
    assert.equal(value(s, 'V')?.data, 'new');
  });

  it('a DWORD with one value field reads it as C strtoul does: 010 is octal 8, 0x1F hex, text stops at a non-digit', () => {
    assert.equal(strtoul('010'), 8);
    assert.equal(strtoul('0x1F'), 31);
    assert.equal(strtoul('12abc'), 12);
    assert.equal(strtoul(''), 0);
    assert.equal(strtoul('-1'), 0xffffffff);
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,D,0x00010001,010\n');
    assert.deepEqual([value(s, 'D')?.type, value(s, 'D')?.data], ['REG_DWORD', 8]);
  });

  it('a DWORD with several value fields is written as those bytes (two fields: two bytes; none: no bytes)', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,Four,0x10001,01,02,00,00\nHKLM,Software\\T,Two,0x10001,01,02\nHKLM,Software\\T,None,0x10001\n');
    assert.equal(value(s, 'Four')?.data, 0x201);
    assert.deepEqual([value(s, 'Two')?.type, value(s, 'Two')?.data], ['REG_DWORD', '01,02']);
    assert.deepEqual([value(s, 'None')?.type, value(s, 'None')?.data], ['REG_DWORD', '']);
  });

  it('binary fields are read as hex digits up to the first other character: 0x01 is 00, zz is 00', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,B,0x1,0x01,1,zz,FF\n');
    assert.equal(value(s, 'B')?.data, '00,01,00,ff');
  });

  it('FLG_ADDREG_APPEND adds to an existing REG_MULTI_SZ only (case-insensitively new strings), and creates none', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,M,0x10000,one,two\nHKLM,Software\\T,M,0x10008,TWO,three\nHKLM,Software\\T,X,0x10008,x\n');
    assert.deepEqual(value(s, 'M')?.data, ['one', 'two', 'three']);
    assert.equal(value(s, 'X'), undefined);
  });

  it('a REG_MULTI_SZ ends at its first empty field', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,M,0x10000,a,,b\n');
    assert.deepEqual(value(s, 'M')?.data, ['a']);
  });

  it('a line with only root and subkey writes the key\'s default value as an empty REG_SZ', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T\n');
    assert.deepEqual([value(s, '')?.type, value(s, '')?.data], ['REG_SZ', '']);
  });

  it('flags that are not a number count as 0 (REG_SZ); an AddReg line with the DelReg bit 0x8000 is ignored', () => {
    assert.equal(intField('zz'), undefined);
    assert.equal(intField('65537'), 0x10001);
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,Bad,zz,"v"\nHKLM,Software\\T,Del,0x8000,"v"\n');
    assert.deepEqual([value(s, 'Bad')?.type, value(s, 'Bad')?.data], ['REG_SZ', 'v']);
    assert.equal(value(s, 'Del'), undefined);
  });

  it('a DelReg line with flags but without the DelReg bit 0x8000 is ignored; flags 0 delete', () => {
    const s = apply('[Seed]\nAddReg=A\n[Inst]\nDelReg=D\n[A]\nHKLM,Software\\T,Keep,,"x"\nHKLM,Software\\T,Gone,,"x"\n[D]\nHKLM,Software\\T,Keep,0x00002000\nHKLM,Software\\T,Gone\n', ['Seed', 'Inst']);
    assert.equal(value(s, 'Keep')?.data, 'x');
    assert.equal(value(s, 'Gone'), undefined);
  });

  it('a DelReg line without a value name deletes the key with everything under it, also a key that only has subkeys', () => {
    const s = apply('[Seed]\nAddReg=A\n[Inst]\nDelReg=D\n[A]\nHKLM,Software\\T\\Tree\\Leaf,V,,"x"\n[D]\nHKLM,Software\\T\\Tree\n', ['Seed', 'Inst']);
    assert.equal(s.getKey('HKLM\\Software\\T\\Tree\\Leaf'), undefined);
  });

  it('only the short roots HKLM, HKCU, HKCR, HKU are written (HKEY_LOCAL_MACHINE is not one)', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKEY_LOCAL_MACHINE,Software\\T,V,,"v"\n');
    assert.equal(s.registry.size, 0);
  });

  it('a "/" is part of a key name, not a separator', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T\\http://www.example.com/x,V,,"v"\n');
    assert.equal(s.getValue('HKLM\\Software\\T\\http://www.example.com/x', 'V')?.data, 'v');
    assert.equal(s.getKey('HKLM\\Software\\T\\http:\\www.example.com\\x'), undefined);
  });

  it('%strkey% and %DIRID% are expanded in names and data; binary data is read as written', () => {
    const s = apply('[Inst]\nAddReg=A\n[A]\nHKLM,Software\\T,%N%,,"%P% %11%"\n[Strings]\nN="Name"\nP="Product"\n');
    assert.equal(value(s, 'Name')?.data, 'Product C:\\WINDOWS\\system32');
  });
});
