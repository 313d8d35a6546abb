import HTTPTypes

extension HTTPFields {
    /// The value of the field `name` as `self[name]` gives it (a repeated field's values combined with
    /// `", "`, RFC 9110 §5.3), or `nil` when it is absent.
    ///
    /// A field that appears once, as nearly every field does, is returned as is: the subscript always
    /// builds a lazily joined sequence, and its generic metadata lookup costs more than reading the whole
    /// request head.
    public func value(of name: HTTPField.Name) -> String? {
        var found: String?
        for field in self where field.name == name {
            if found != nil { return self[name] }
            found = field.value
        }
        return found
    }
}
