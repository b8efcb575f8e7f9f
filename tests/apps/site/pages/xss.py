def get_server_side_props(context):
    return {
        "props": {
            "text": "</script><script>alert(1)</script>",
            "comment": "<!-- not a comment",
            "separators": "a\u2028b\u2029c",
        }
    }
