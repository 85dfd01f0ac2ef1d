using System.Reflection;
using System.Reflection.Emit;

namespace CaseHub.Unit.Tests.Architecture;

/// <summary>
/// Every type a compiled type uses: its base, interfaces, attributes, fields, signatures, locals, and the types, methods
/// and fields its IL names (so a call inside a method body or a lambda counts too). Nested types (lambdas, async state
/// machines) belong to the type that declares them. Reflection only: no IL library needed.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodeByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> (with its nested types) refers to, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        Collect(type, found);
        return found;
    }

    private static void Collect(Type type, HashSet<Type> found)
    {
        Add(type.BaseType, found);
        foreach (var i in type.GetInterfaces()) Add(i, found);
        foreach (var a in type.CustomAttributes) Add(a.AttributeType, found);
        foreach (var f in type.GetFields(All)) Add(f.FieldType, found);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType, found);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType, found);
            foreach (var p in m.GetParameters()) Add(p.ParameterType, found);
            foreach (var a in m.CustomAttributes) Add(a.AttributeType, found);
            if (m.IsGenericMethodDefinition)
                foreach (var g in m.GetGenericArguments()) foreach (var c in g.GetGenericParameterConstraints()) Add(c, found);
            ScanBody(type, m, found);
        }
        foreach (var nested in type.GetNestedTypes(All)) Collect(nested, found);
    }

    private static void ScanBody(Type type, MethodBase method, HashSet<Type> found)
    {
        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) Add(local.LocalType, found);
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = (short)il[i++];
            if (value == 0xFE) value = (short)(0xFE00 | il[i++]);
            var op = OpCodeByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    AddMember(method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs), found);
                    i += 4;
                    break;
                default: i += 4; break; // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
            }
        }
    }

    private static void AddMember(MemberInfo? member, HashSet<Type> found)
    {
        switch (member)
        {
            case Type t: Add(t, found); break;
            case FieldInfo f: Add(f.DeclaringType, found); Add(f.FieldType, found); break;
            case MethodBase m:
                Add(m.DeclaringType, found);
                if (m is MethodInfo mi) Add(mi.ReturnType, found);
                foreach (var p in m.GetParameters()) Add(p.ParameterType, found);
                if (m.IsGenericMethod) foreach (var g in m.GetGenericArguments()) Add(g, found);
                break;
        }
    }

    private static void Add(Type? type, HashSet<Type> found)
    {
        if (type is null || type.IsGenericParameter) return;
        if (type.HasElementType) { Add(type.GetElementType(), found); return; }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var g in type.GetGenericArguments()) Add(g, found);
            type = type.GetGenericTypeDefinition();
        }
        found.Add(type);
    }
}
